"""Step 4: the process reward model. Starts from the 6M policy's trunk (it already reads the domain and its
arithmetic), adds a sigmoid score head, and trains it on the policies' own sampled solutions, each step
labelled by the arithmetic step checker and the answer checker (sampleSolutions.ts), plus canonical train
solutions with one arithmetic result corrupted, labelled the same way (corruptSolutions.ts). Exports ONNX with inputs
input_ids / attention_mask (int64 [batch, seq]) and output scores (float [batch, seq]), read at step ends.
Usage: python3 train_prm.py --samples work/prm-samples-*.jsonl [--minutes M]"""
import argparse
import glob
import json
import math
import os
import random
import time

import sentencepiece as spm
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import MODELS, PROMPT, SEED, WORK, read_jsonl, setup
from gguf_reader import load_llama
from model import Config, Llama

BASE = "mull-policy-6m"


class Prm(nn.Module):
    def __init__(self, trunk: Llama):
        super().__init__()
        self.trunk = trunk
        self.head = nn.Linear(trunk.cfg.dim, 1)

    def logits(self, ids, mask=None):
        return self.head(self.trunk.hidden(ids, mask)).squeeze(-1)

    def forward(self, input_ids, attention_mask):
        return torch.sigmoid(self.logits(input_ids, attention_mask))


def load_trunk() -> Llama:
    """The policy's float checkpoint when this machine trained it, else the committed GGUF read back."""
    checkpoint = os.path.join(WORK, f"{BASE}.pt")
    if os.path.exists(checkpoint):
        ckpt = torch.load(checkpoint)
        trunk = Llama(Config(**ckpt["config"]))
        trunk.load_state_dict(ckpt["state"])
        return trunk
    print(f"no {checkpoint}: starting from {BASE}.gguf", flush=True)
    return load_llama(os.path.join(MODELS, f"{BASE}.gguf"))


def encode(sp, record):
    """Token ids and (position, label) pairs; positions match the app's stepEndPositions (BOS included)."""
    prefix = PROMPT.format(problem=record["problem"])
    targets = []
    for step, label in zip(record["steps"], record["labels"]):
        prefix += step + "\n"
        if label is not None:
            targets.append((len(sp.encode(prefix)), float(label)))
    return [sp.bos_id()] + sp.encode(prefix), targets


def collate(batch):
    width = max(len(ids) for ids, _ in batch)
    x = torch.zeros(len(batch), width, dtype=torch.long)
    m = torch.zeros(len(batch), width, dtype=torch.long)
    rows, cols, labels = [], [], []
    for r, (ids, targets) in enumerate(batch):
        x[r, : len(ids)] = torch.tensor(ids)
        m[r, : len(ids)] = 1
        for p, l in targets:
            rows.append(r)
            cols.append(p)
            labels.append(l)
    return x, m, torch.tensor(rows), torch.tensor(cols), torch.tensor(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", nargs="+", default=glob.glob(os.path.join(WORK, "prm-samples-*.jsonl")))
    ap.add_argument("--minutes", type=float, default=25)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-4)
    args = ap.parse_args()
    setup()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
    trunk = load_trunk()
    model = Prm(trunk)
    records = [r for f in args.samples for r in read_jsonl(f)]
    data = [encode(sp, r) for r in records]
    data = [d for d in data if d[1]]
    labels = [l for _, t in data for _, l in t]
    pos = sum(labels) / len(labels)
    print(f"{len(records)} sampled solutions, {len(labels)} labelled steps, {pos:.1%} positive", flush=True)
    # Balance the classes in the loss: wrong steps are the minority that matters most.
    pos_weight = torch.tensor((1 - pos) / max(pos, 1e-6))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    rng = random.Random(SEED)
    budget, start, step, total = args.minutes * 60, time.time(), 0, None
    log = []
    while time.time() - start < budget:
        rng.shuffle(data)
        for i in range(0, len(data), args.batch):
            elapsed = time.time() - start
            if elapsed >= budget:
                break
            if step == 30:
                total = int(budget / (elapsed / 30))
            frac = min(1.0, step / total) if total else 0.0
            for g in opt.param_groups:
                g["lr"] = args.lr * min(1.0, (step + 1) / 50) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
            x, m, rows, cols, y = collate(data[i : i + args.batch])
            logit = model.logits(x, m)[rows, cols]
            loss = F.binary_cross_entropy_with_logits(logit, y, pos_weight=pos_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            if step % 50 == 0:
                log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
                print(f"step {step}/{total} {elapsed / 60:.1f} min loss {loss.item():.4f}", flush=True)
    model.eval()
    out = os.path.join(MODELS, "mull-prm.onnx")
    ids = torch.tensor([data[0][0]])
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        out,
        input_names=["input_ids", "attention_mask"],
        output_names=["scores"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "scores": {0: "batch", 1: "seq"}},
        opset_version=14,
    )
    with open(os.path.join(WORK, "mull-prm.training.json"), "w") as f:
        json.dump({"base": BASE, "samples": len(records), "labelledSteps": len(labels), "positiveFraction": pos,
                   "steps": step, "minutes": round((time.time() - start) / 60, 1), "seed": SEED, "lossCurve": log}, f, indent=1)
    print(f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
