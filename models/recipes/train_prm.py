"""Step 4: the process reward model. The 6M policy, frozen, with a score head on its hidden state and on its own
surprise at the digits of the solution (see Prm). The head is trained on the policies' own sampled solutions, each step
labelled by the arithmetic step checker and the answer checker (sampleSolutions.ts), plus canonical train
solutions with one arithmetic result corrupted, labelled the same way (corruptSolutions.ts). Exports ONNX with inputs
input_ids / attention_mask (int64 [batch, seq]) and output scores (float [batch, seq]), read at step ends.
Usage: python3 train_prm.py --samples work/prm-samples-*.jsonl [--minutes M]
PRM v2 (issue 20): python3 train_prm.py --trl FILE.jsonl --name mull-prm-v2, trained on the Math-Shepherd labels that
`mull annotate --method mc` wrote, read as they are in TRL's stepwise format (prompt, completions, labels)."""
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
from model import Llama

BASE = "mull-policy-6m"


class Prm(nn.Module):
    """A step's score is sigmoid(head(h) + w · log1p(E)), where h is the frozen policy's hidden state at the step's
    last token and E the policy's own surprise at the solution's digits so far: the sum over digit tokens after
    the prompt of max(0, -log p(token) - tau). A wrong `a op b = c` result is a digit the policy did not expect;
    cumulative, because a solution stays wrong from its first wrong step on, as the labels say. A head on the
    trunk alone (the previous design) learnt which problems go wrong, not which claims are wrong: 54% of
    (correct, corrupted) pairs."""

    def __init__(self, policy: Llama, newline_ids, digit_ids):
        super().__init__()
        self.policy = policy
        for p in self.policy.parameters():
            p.requires_grad_(False)
        self.head = nn.Linear(policy.cfg.dim, 1)
        self.tau = nn.Parameter(torch.tensor(2.0))
        self.w = nn.Parameter(torch.tensor(-1.0))
        vocab = policy.cfg.vocab
        self.register_buffer("is_newline", torch.zeros(vocab).index_fill_(0, torch.tensor(newline_ids), 1.0))
        self.register_buffer("is_digit", torch.zeros(vocab).index_fill_(0, torch.tensor(digit_ids), 1.0))

    def features(self, ids, mask):
        """Hidden states and, per position, how surprised the policy was by it (0 where it does not count)."""
        h = self.policy.hidden(ids, mask)
        logp = F.log_softmax(self.policy.out(h), dim=-1)
        seen = logp[:, :-1].gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
        surprise = F.pad(-seen, (1, 0))
        newline = self.is_newline[ids]
        after_prompt = (torch.cumsum(newline, dim=1) - newline) > 0
        return h, surprise * self.is_digit[ids] * after_prompt.float()

    def combine(self, h, surprise):
        excess = torch.cumsum(F.relu(surprise - self.tau) * (surprise > 0).float(), dim=1)
        return self.head(h).squeeze(-1) + self.w * torch.log1p(excess)

    def logits(self, ids, mask=None):
        return self.combine(*self.features(ids, mask))

    def forward(self, input_ids, attention_mask):
        return torch.sigmoid(self.logits(input_ids, attention_mask))


def special_ids(sp):
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    newline = [i for i, p in enumerate(pieces) if "\n" in p or p == "<0x0A>"]
    digits = [i for i, p in enumerate(pieces) if p.lstrip("▁").isdigit()]
    return newline, digits


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
    ap.add_argument("--minutes", type=float, default=12)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-2)
    # The frozen trunk whose surprise the PRM reads: by default the committed 6M policy (the policy the app runs);
    # a longer-trained checkpoint of it is surprised by more of that policy's mistakes.
    ap.add_argument("--trunk", default=os.path.join(MODELS, f"{BASE}.gguf"), help="policy GGUF to freeze inside the PRM")
    ap.add_argument("--trl", nargs="+", metavar="FILE.jsonl",
                    help="train on these TRL stepwise rows (mull annotate's default output) instead of --samples")
    ap.add_argument("--cache-features", action="store_true",
                    help="run the frozen trunk once per solution and train the head on the cached features (many more "
                         "steps per minute; memory grows with the data: meant for a few thousand solutions)")
    ap.add_argument("--name", default="mull-prm", help="write models/<NAME>.onnx (v2 beside v1: mull-prm-v2)")
    args = ap.parse_args()
    setup(threads=args.threads)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
    newline_ids, digit_ids = special_ids(sp)
    model = Prm(load_llama(args.trunk), newline_ids, digit_ids)
    model.policy.eval()
    if args.trl:
        # TRL's stepwise supervision rows: prompt = the problem, completions = the steps, labels = hard step labels.
        records = [{"problem": r["prompt"], "steps": r["completions"], "labels": [int(l) for l in r["labels"]]}
                   for f in args.trl for r in read_jsonl(f)]
    else:
        records = [r for f in args.samples for r in read_jsonl(f)]
    data = [encode(sp, r) for r in records]
    data = [d for d in data if d[1]]
    labels = [l for _, t in data for _, l in t]
    pos = sum(labels) / len(labels)
    print(f"{len(records)} sampled solutions, {len(labels)} labelled steps, {pos:.1%} positive", flush=True)
    # Balance the classes in the loss: wrong steps are the minority that matters most.
    pos_weight = torch.tensor((1 - pos) / max(pos, 1e-6))
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    rng = random.Random(SEED)
    budget, start, step, total = args.minutes * 60, time.time(), 0, None
    cache = {}
    if args.cache_features:
        # The trunk is frozen and features() learns nothing: its output per solution is the same every epoch.
        with torch.no_grad():
            for i in range(0, len(data), args.batch):
                x, m, _, _, _ = collate(data[i : i + args.batch])
                h, surprise = model.features(x, m)
                for j, (ids, _) in enumerate(data[i : i + args.batch]):
                    cache[id(data[i + j])] = (h[j, : len(ids)].clone(), surprise[j, : len(ids)].clone())
        print(f"cached the trunk's features of {len(cache)} solutions in {time.time() - start:.0f} s", flush=True)
    trained_from = time.time()  # the schedule's pace is measured on training steps, not on the caching before them

    def features(batch, x, m):
        if not cache:
            with torch.no_grad():  # the policy is frozen: only the head, tau and w learn
                return model.features(x, m)
        h = torch.zeros(x.shape[0], x.shape[1], model.policy.cfg.dim)
        surprise = torch.zeros(x.shape)
        for j, item in enumerate(batch):
            ch, cs = cache[id(item)]
            h[j, : ch.shape[0]], surprise[j, : cs.shape[0]] = ch, cs
        return h, surprise

    log = []
    while time.time() - start < budget:
        rng.shuffle(data)
        for i in range(0, len(data), args.batch):
            elapsed = time.time() - start
            if elapsed >= budget:
                break
            if step == 30:
                total = int((budget - (trained_from - start)) / ((time.time() - trained_from) / 30))
            frac = min(1.0, step / total) if total else 0.0
            for g in opt.param_groups:
                g["lr"] = args.lr * min(1.0, (step + 1) / 50) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
            batch = data[i : i + args.batch]
            x, m, rows, cols, y = collate(batch)
            h, surprise = features(batch, x, m)
            logit = model.combine(h, surprise)[rows, cols]
            loss = F.binary_cross_entropy_with_logits(logit, y, pos_weight=pos_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            if step % 50 == 0:
                log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
                print(f"step {step}/{total} {elapsed / 60:.1f} min loss {loss.item():.4f} tau {model.tau.item():.2f} w {model.w.item():.2f}", flush=True)
    model.eval()
    out = os.path.join(MODELS, f"{args.name}.onnx")
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
    with open(os.path.join(WORK, f"{args.name}.training.json"), "w") as f:
        json.dump({"base": BASE, "data": [os.path.basename(f) for f in (args.trl or args.samples)], "trunk": os.path.basename(args.trunk), "samples": len(records), "labelledSteps": len(labels), "positiveFraction": pos,
                   "design": "frozen policy + head + cumulative digit surprise", "tau": model.tau.item(), "w": model.w.item(),
                   "steps": step, "cachedFeatures": bool(cache), "minutes": round((time.time() - start) / 60, 1), "seed": SEED, "lossCurve": log}, f, indent=1)
    print(f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
