"""Shared paths, seeds and data loading for the recipes. The problems come from models/data/*.jsonl, which the
TypeScript generator writes (npm run data): one source of truth for problems and for checking."""
import json
import os
import random

import torch

RECIPES = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(RECIPES)
DATA = os.path.join(MODELS, "data")
WORK = os.path.join(RECIPES, "work")  # checkpoints and intermediate files; git-ignored
SEED = 20261122

# The prompt template of the embedded policies' profile: "Problem: {problem}\n", then the solution steps.
PROMPT = "Problem: {problem}\n"


def setup(seed=SEED, threads=None):
    """Deterministic, and threads pinned: PyTorch's default oversubscribes this 2-core machine."""
    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads or max(1, os.cpu_count() or 1))
    os.makedirs(WORK, exist_ok=True)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_split(name):
    return read_jsonl(os.path.join(DATA, f"{name}.jsonl"))
