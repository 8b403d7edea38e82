"""A quick look inside a reader checkpoint, between training and the real evaluation (evaluateReader.ts): greedy
argmax, teacher-forced, at every name, place and digit position of the chunk outputs of the first read sessions of
work/reader-train.jsonl (seen at most once in training), and the share of chunk outputs exactly right. The card's
figures are never taken from here: they are measured through node-llama-cpp on the test split.

Usage (from models/recipes/): /usr/bin/python3 probe_reader.py [--lines 50] CHECKPOINT.pt|MODEL.gguf ...
"""
import argparse
import json
import os

import sentencepiece as spm
import torch

import train_reader as tr
from common import WORK, setup
from gguf_reader import load_llama
from model import Config, Llama


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--lines", type=int, default=50, help="first lines of work/reader-train.jsonl to read sessions from")
    args = ap.parse_args()
    setup(threads=1)
    sp = spm.SentencePieceProcessor(model_file=tr.TOKENIZER)
    symbols = tr.reader_symbols()  # people (12), places (8), goods, items, digits: readerData.ts writes them in that order
    classes = {"name": symbols[:12], "place": symbols[12:20], "digit": list("0123456789")}
    ids = {k: {sp.piece_to_id(s) for s in v} for k, v in classes.items()}
    with open(os.path.join(WORK, "reader-train.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(args.lines), f)]
    items, _ = tr.encode(sp, [r for r in records if "steps" in r])
    for path in args.models:
        if path.endswith(".gguf"):
            model = load_llama(path)
        else:
            ckpt = torch.load(path)
            model = Llama(Config(**ckpt["config"]))
            model.load_state_dict(ckpt["state"])
        model.eval()
        hit = {k: 0 for k in ids}
        total = {k: 0 for k in ids}
        with torch.no_grad():
            for item in items:
                x, pos, visible, y = tr.collate([item])
                pred, labels = model(x, pos, visible)[0].argmax(-1), y[0]
                for k, members in ids.items():
                    at = torch.tensor([int(t) in members for t in labels.tolist()])
                    hit[k] += int((pred[at] == labels[at]).sum())
                    total[k] += int(at.sum())
        shares = ", ".join(f"{k} {hit[k] / max(1, total[k]):.0%} of {total[k]}" for k in ids)
        print(f"{os.path.basename(path)}: {shares}; chunk outputs exactly right {tr.exact_outputs(model, items):.1%}")


if __name__ == "__main__":
    main()
