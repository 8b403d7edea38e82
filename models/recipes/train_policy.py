"""Step 2: train a policy (step-by-step solver) on models/data/train.jsonl for a fixed wall-clock budget, then
write it as a Q8_0 GGUF with its profile. Usage: python3 train_policy.py --size small|large [--minutes M]"""
import argparse
import json
import math
import os
import random
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F

from common import MODELS, PROMPT, SEED, WORK, load_split, read_jsonl, setup
from gguf_writer import sentencepiece_vocab_tuple, write_llama_gguf
from gguf_reader import load_llama
from model import Config, Llama, gguf_hparams, gguf_tensors

SIZES = {
    # name, config, learning rate, default minutes
    "small": ("mull-policy-2m", Config(dim=192, layers=4, heads=6, ff=512), 2e-3, 8),
    "large": ("mull-policy-6m", Config(dim=256, layers=8, heads=8, ff=704), 2e-3, 52),
}


def encode_records(sp, problems):
    """(ids, first_target): BOS + prompt + solution + EOS; the loss starts at the first solution token."""
    out = []
    for p in problems:
        prompt = PROMPT.format(problem=p["problem"])
        full = sp.encode(prompt + p["solution"])
        head = sp.encode(prompt)
        assert full[: len(head)] == head, "prompt tokens must be a prefix of the record's tokens"
        out.append(([sp.bos_id()] + full + [sp.eos_id()], len(head) + 1))
    return out


def encode_sft(sp, rows):
    """Expert-iteration rows ({prompt, completion}, as `mull export --format sft` and expertIterationData.ts write
    them; the prompt already filled in) as (ids, first_target), like encode_records. Lines without a completion
    (problems the search did not solve) are skipped."""
    out = []
    for r in rows:
        if "completion" not in r:
            continue
        full = sp.encode(r["prompt"] + r["completion"])
        head = sp.encode(r["prompt"])
        assert full[: len(head)] == head, "prompt tokens must be a prefix of the record's tokens"
        out.append(([sp.bos_id()] + full + [sp.eos_id()], len(head) + 1))
    return out


def batches(records, batch_size, rng):
    """Length-bucketed batches (less padding), shuffled each epoch."""
    while True:
        order = sorted(range(len(records)), key=lambda i: len(records[i][0]) + rng.random() * 8)
        chunks = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(chunks)
        for chunk in chunks:
            yield [records[i] for i in chunk]


def collate(batch):
    width = max(len(ids) for ids, _ in batch)
    x = torch.zeros(len(batch), width - 1, dtype=torch.long)
    y = torch.full((len(batch), width - 1), -100, dtype=torch.long)
    for row, (ids, first) in enumerate(batch):
        t = torch.tensor(ids)
        x[row, : len(ids) - 1] = t[:-1]
        y[row, first - 1 : len(ids) - 1] = t[first:]
    return x, y


@torch.no_grad()
def greedy_accuracy(model, sp, problems, max_new=120):
    """A quick in-training check only; the published figures are measured through node-llama-cpp."""
    model.eval()
    correct = 0
    for p in problems:
        ids = [sp.bos_id()] + sp.encode(PROMPT.format(problem=p["problem"]))
        start = len(ids)
        for _ in range(max_new):
            nxt = int(model(torch.tensor([ids]))[0, -1].argmax())
            if nxt == sp.eos_id():
                break
            ids.append(nxt)
        text = sp.decode(ids[start:])
        last = text.strip().split("\n")[-1]
        correct += last == f"Answer: {p['answer']}"
    model.train()
    return correct / len(problems)


def resume(model, name, start=None):
    """Loads the previous stage into `model` and returns its progress: from `start` (a GGUF) when given, else from
    work/<name>.pt when this machine trained it, else from the committed GGUF (Q8_0 read back); without a
    checkpoint the progress comes from the training figures in the committed card."""
    checkpoint = os.path.join(WORK, f"{name}.pt")
    if start:
        print(f"continuing from {start}", flush=True)
        model.load_state_dict(load_llama(start).state_dict())
    elif os.path.exists(checkpoint):
        ckpt = torch.load(checkpoint)
        model.load_state_dict(ckpt["state"])
        if ckpt.get("progress") is not None:
            return ckpt["progress"]
    else:
        print(f"no {checkpoint}: continuing from {name}.gguf", flush=True)
        model.load_state_dict(load_llama(os.path.join(MODELS, f"{name}.gguf")).state_dict())
    with open(os.path.join(MODELS, f"{name}.card.json")) as f:
        t = json.load(f)["training"]
    return {"steps": t["steps"], "minutes": t["minutes"], "stages": t.get("stages", 1)}


def cell(problem):
    return f"{problem['family']}/{problem['difficulty']}"


def parse_oversample(spec, cells, ap):
    """"family/difficulty=W,..." -> {cell: W}; an unknown cell or a weight that is not a whole number >= 1 is refused."""
    weights = {}
    for item in filter(None, (x.strip() for x in spec.split(","))):
        cell, _, w = item.partition("=")
        if cell not in cells:
            ap.error(f"--oversample: unknown cell {cell!r} (cells: {', '.join(sorted(cells))})")
        if not w.isdigit() or int(w) < 1:
            ap.error(f"--oversample: weight of {cell} must be a whole number >= 1, got {w!r}")
        weights[cell] = int(w)
    return weights


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=SIZES, required=True)
    ap.add_argument("--minutes", type=float)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--save-every", type=float, help="also write work/<name>.stage<N>-<step>.gguf every this many minutes (candidates to pick from on dev)")
    ap.add_argument("--resume", action="store_true", help="continue from work/<name>.pt or the committed GGUF (another <= 60 min stage)")
    ap.add_argument("--from", dest="start", help="with --resume: continue from this GGUF instead")
    ap.add_argument("--lr", type=float, help="peak learning rate of this stage (default: the size's, halved on --resume)")
    ap.add_argument("--oversample", default="", metavar="FAMILY/D=W,...",
                    help="draw these cells' problems W times as often (e.g. multi-step-arithmetic/3=4)")
    ap.add_argument("--sft", nargs="+", metavar="FILE.jsonl",
                    help="expert iteration: train on these SFT rows (the policy's own correct search paths) instead of train.jsonl")
    ap.add_argument("--name", help="write models/<NAME>.gguf (and work/<NAME>.*) instead of the size's name, so v1 stays")
    args = ap.parse_args()
    if args.start and not args.resume:
        ap.error("--from continues a run: give --resume too")
    base, cfg, lr, minutes = SIZES[args.size]
    name = args.name or base
    minutes = args.minutes or minutes
    setup(threads=args.threads)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
    cfg.vocab = sp.get_piece_size()
    model = Llama(cfg)
    previous = {"steps": 0, "minutes": 0.0, "stages": 0}
    if args.resume:
        # A later stage continues the same run: same data order seed shifted by stage, a fresh cosine from half
        # the learning rate, and cumulative step and minute counts in the card.
        previous = resume(model, base, args.start)
        lr = lr * 0.5
    lr = args.lr or lr
    print(f"{name}: {model.parameter_count() / 1e6:.2f}M parameters, {minutes} minutes, stage {previous['stages'] + 1}", flush=True)
    if args.sft:
        records = encode_sft(sp, [r for f in args.sft for r in read_jsonl(f)])
        print(f"expert iteration: {len(records)} SFT rows from {', '.join(args.sft)}", flush=True)
    else:
        train = load_split("train")
        weights = parse_oversample(args.oversample, {cell(p) for p in train}, ap)
        # Repeating a cell's records W times makes it W times as likely in every epoch's batches.
        train = [p for p in train for _ in range(weights.get(cell(p), 1))]
        records = encode_records(sp, train)
    dev = load_split("dev")
    rng = random.Random(SEED + previous["stages"])
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.01)
    budget = minutes * 60
    start = time.time()
    step, total_steps, warmup = 0, None, 100
    next_save = args.save_every * 60 if args.save_every else None

    def save_gguf(path, when=""):
        write_llama_gguf(path, gguf_hparams(cfg), gguf_tensors(model), sentencepiece_vocab_tuple(sp), name,
                         metadata={"mull.recipe": f"train_policy.py --size {args.size}{' --sft' if args.sft else ''}{when}"})

    log = []
    for batch in batches(records, args.batch, rng):
        elapsed = time.time() - start
        if elapsed >= budget:
            break
        if step == 50:  # from the measured pace, fix the schedule's length so the cosine ends with the budget
            total_steps = int(budget / (elapsed / 50))
        horizon = total_steps or 10**9
        scale = min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / horizon))))
        for g in opt.param_groups:
            g["lr"] = lr * scale
        x, y = collate(batch)
        loss = F.cross_entropy(model(x).reshape(-1, cfg.vocab), y.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if next_save is not None and time.time() - start >= next_save:
            next_save += args.save_every * 60
            candidate = os.path.join(WORK, f"{name}.stage{previous['stages'] + 1}-{step}.gguf")
            save_gguf(candidate, f" (stage {previous['stages'] + 1}, step {step})")
            print(f"wrote {candidate}", flush=True)
        if step % 100 == 0:
            log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
            print(f"step {step}/{total_steps} {elapsed / 60:.1f} min loss {loss.item():.4f}", flush=True)
    dev_acc = greedy_accuracy(model, sp, dev[:40])
    print(f"done: {step} steps, dev greedy accuracy (torch, first 40) {dev_acc:.3f}", flush=True)
    progress = {"steps": previous["steps"] + step, "minutes": round(previous["minutes"] + (time.time() - start) / 60, 1),
                "stages": previous["stages"] + 1}
    torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "progress": progress}, os.path.join(WORK, f"{name}.pt"))
    gguf = os.path.join(MODELS, f"{name}.gguf")
    # Each stage's end point is also kept in work/, for interpolate_policy.py and the PRM's trunk (train_prm.py).
    for path in (gguf, os.path.join(WORK, f"{name}.stage{progress['stages']}.gguf")):
        save_gguf(path)
    training = {
        "parameters": model.parameter_count(),
        "config": cfg.to_dict(),
        "steps": progress["steps"],
        "stages": progress["stages"],
        "batch": args.batch,
        "minutes": progress["minutes"],
        "learningRate": lr,
        "startedFrom": os.path.basename(args.start) if args.start else None,
        "oversample": args.oversample or None,
        "sft": [os.path.basename(f) for f in args.sft] if args.sft else None,
        "sftRows": len(records) if args.sft else None,
        "seed": SEED,
        "threads": torch.get_num_threads(),
        "finalLoss": log[-1]["loss"] if log else None,
        "devGreedyAccuracyTorch": dev_acc,
        "lossCurve": log,
    }
    with open(os.path.join(WORK, f"{name}.training.json"), "w") as f:
        json.dump(training, f, indent=1)
    print(f"wrote {gguf} ({os.path.getsize(gguf) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
