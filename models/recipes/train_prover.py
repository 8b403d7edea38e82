"""Steps P2-P3 of the prover recipe: the prover's tokenizer, then the prover (question -> Proof of Thought DSL
program) or the direct-answer baseline (question -> {"answer":true|false}), both the same llama-architecture size,
trained on work/prover-train.jsonl / work/direct-train.jsonl (written by proverData.ts) for a fixed wall-clock
budget, written as Q8_0 GGUFs. The loss is on the outputs only, never on the question.

Usage (from models/recipes/):
  /usr/bin/python3 train_prover.py --tokenizer                 # writes ../mull-prover-tokenizer.model
  /usr/bin/python3 train_prover.py --task program --minutes 45 # writes ../mull-prover.gguf, work/mull-prover.pt
  /usr/bin/python3 train_prover.py --task direct --minutes 20  # writes ../mull-prover-direct.gguf
  /usr/bin/python3 train_prover.py --task program --resume --minutes 20 --data prover-train.jsonl,prover-retry.jsonl
"""
import argparse
import io
import json
import math
import os
import random
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F

from common import MODELS, SEED, WORK, read_jsonl, setup
from gguf_writer import sentencepiece_vocab_tuple, write_llama_gguf
from model import Config, Llama, gguf_hparams, gguf_tensors
from train_reader import _arrays, batches, collate

TOKENIZER = os.path.join(MODELS, "mull-prover-tokenizer.model")
CONFIG = Config(vocab=512, dim=128, layers=4, heads=4, ff=384, context=1024)
LR = 2e-3
NAMES = {"program": "mull-prover", "direct": "mull-prover-direct"}


def symbols():
    """Concept, property and individual names as pieces of their own: "wumpus" is one token in " wumpus", in
    "wumpuses" and in "\\"wumpus\\"", so writing a program is copying tokens (as for the reader)."""
    with open(os.path.join(WORK, "prover-vocab.json"), encoding="utf-8") as f:
        return json.load(f)


def train_tokenizer():
    records = read_jsonl(os.path.join(WORK, "prover-train.jsonl"))[:8000]
    sentences = [r["prompt"] for r in records] + [r["target"] for r in records]
    sentences += [r["prompt"] + ' {"answer":true}' for r in records[:200]] + ['{"answer":false}', '{"answer":true}']
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=model, model_type="bpe", vocab_size=CONFIG.vocab,
        normalization_rule_name="identity", remove_extra_whitespaces=False, add_dummy_prefix=False, byte_fallback=True,
        split_digits=True, user_defined_symbols=symbols(), unk_id=0, bos_id=1, eos_id=2, pad_id=-1, character_coverage=1.0,
        max_sentence_length=16384, allow_whitespace_only_pieces=True, split_by_whitespace=True, num_threads=2, minloglevel=2)
    with open(TOKENIZER, "wb") as f:
        f.write(model.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    prompts = [len(sp.encode(r["prompt"])) for r in records[:3000]]
    targets = [len(sp.encode(r["target"])) for r in records[:3000]]
    totals = sorted(p + t for p, t in zip(prompts, targets))
    print(f"wrote {TOKENIZER}: vocab {sp.get_piece_size()}, prompt mean {sum(prompts) / len(prompts):.0f} max {max(prompts)}, "
          f"program mean {sum(targets) / len(targets):.0f} max {max(targets)}, total p99 {totals[int(len(totals) * 0.99)]} max {totals[-1]}")


def encode(sp, records):
    bos, eos = sp.bos_id(), sp.eos_id()
    out, dropped = [], {"prefix": 0, "long": 0}
    for r in records:
        head = sp.encode(r["prompt"])
        full = sp.encode(r["prompt"] + r["target"])
        if full[: len(head)] != head:
            dropped["prefix"] += 1
            continue
        if len(full) + 2 > CONFIG.context:
            dropped["long"] += 1
            continue
        ids = [bos] + full
        labels = [-100] * len(head) + ids[len(head) + 1:] + [eos]
        out.append(_arrays((ids, list(range(len(ids))), [0] * len(ids), labels)))
    return out, dropped


@torch.no_grad()
def exact_outputs(model, held_out):
    model.eval()
    hits = 0
    for item in held_out:
        x, pos, visible, y = collate([item])
        pred = model(x, pos, visible)[0].argmax(-1)
        at = y[0] != -100
        hits += int(torch.equal(pred[at], y[0][at]))
    model.train()
    return hits / max(1, len(held_out))


def write_gguf(model, sp, name, recipe):
    gguf = os.path.join(MODELS, f"{name}.gguf")
    write_llama_gguf(gguf, gguf_hparams(model.cfg), gguf_tensors(model), sentencepiece_vocab_tuple(sp, symbols()), name,
                     metadata={"mull.recipe": recipe}, add_space_prefix=False)
    return gguf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", action="store_true", help="train the prover's tokenizer and stop")
    ap.add_argument("--task", choices=list(NAMES), default="program")
    ap.add_argument("--minutes", type=float, default=45)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--tokens", type=int, default=4096, help="tokens per batch")
    ap.add_argument("--resume", action="store_true", help="continue from work/<name>.pt (another stage)")
    ap.add_argument("--lr", type=float, help=f"peak learning rate (default {LR}, halved on --resume)")
    ap.add_argument("--data", help="training examples in work/, comma-separated (default prover-train.jsonl or direct-train.jsonl)")
    ap.add_argument("--init", metavar="CHECKPOINT", help="start from a checkpoint in work/ (e.g. mull-prover.partial.pt): a new stage with a fresh schedule")
    ap.add_argument("--content-weight", type=float, default=1.0, help="loss weight on the names (concepts, properties, individuals) in outputs")
    ap.add_argument("--export-partial", action="store_true", help="write work/<name>.partial.pt as the GGUF and stop")
    args = ap.parse_args()
    setup(threads=args.threads)
    if args.tokenizer:
        train_tokenizer()
        return
    name = NAMES[args.task]
    sp = spm.SentencePieceProcessor(model_file=TOKENIZER)
    cfg = CONFIG
    cfg.vocab = sp.get_piece_size()
    model = Llama(cfg)
    if args.export_partial:
        model.load_state_dict(torch.load(os.path.join(WORK, f"{name}.partial.pt"))["state"])
        print("wrote", write_gguf(model, sp, name, "train_prover.py --export-partial"))
        return
    previous = {"steps": 0, "minutes": 0.0, "stages": 0}
    lr = LR
    if args.resume or args.init:
        ckpt = torch.load(os.path.join(WORK, args.init or f"{name}.pt"))
        model.load_state_dict(ckpt["state"])
        previous = ckpt["progress"]
        lr = LR * 0.5
    lr = args.lr or lr
    data = args.data or ("prover-train.jsonl" if args.task == "program" else "direct-train.jsonl")
    print(f"{name}: {model.parameter_count() / 1e6:.2f}M parameters, {args.minutes} minutes, stage {previous['stages'] + 1}, data {data}", flush=True)
    raw = [r for file in data.split(",") for r in read_jsonl(os.path.join(WORK, file))]
    records, dropped = encode(sp, raw)
    del raw
    rng = random.Random(SEED + previous["stages"])
    rng.shuffle(records)
    held_out, records = records[:200], records[200:]
    print(f"{len(records)} examples ({sum(len(r[0]) for r in records) / 1e6:.1f}M tokens), dropped {dropped}", flush=True)
    content = torch.tensor(sorted({sp.piece_to_id(s) for s in symbols()}))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.01)
    budget = args.minutes * 60
    start = time.time()
    step, total_steps, warmup = 0, None, 100
    log = []
    for batch in batches(records, args.tokens, rng):
        elapsed = time.time() - start
        if elapsed >= budget:
            break
        if step == 50:
            total_steps = int(budget / (elapsed / 50))
        horizon = total_steps or 10**9
        scale = min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / horizon))))
        for g in opt.param_groups:
            g["lr"] = lr * scale
        x, pos, visible, y = collate(batch)
        flat = y.reshape(-1)
        losses = F.cross_entropy(model(x, pos, visible).reshape(-1, cfg.vocab), flat, ignore_index=-100, reduction="none")
        weights = (flat != -100).float()
        if args.content_weight != 1.0:
            weights[torch.isin(flat, content)] *= args.content_weight
        loss = (losses * weights).sum() / weights.sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 50 == 0:
            log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
            print(f"step {step}/{total_steps} {elapsed / 60:.1f} min loss {loss.item():.4f}", flush=True)
        if step % 300 == 0:
            torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "progress": previous}, os.path.join(WORK, f"{name}.partial.pt"))
    exact = exact_outputs(model, held_out)
    print(f"done: {step} steps, held-out outputs exactly right (teacher-forced) {exact:.3f}", flush=True)
    progress = {"steps": previous["steps"] + step, "minutes": round(previous["minutes"] + (time.time() - start) / 60, 1),
                "stages": previous["stages"] + 1}
    torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "progress": progress}, os.path.join(WORK, f"{name}.pt"))
    gguf = write_gguf(model, sp, name, f"train_prover.py --task {args.task}")
    training = {"parameters": model.parameter_count(), "config": cfg.to_dict(), "steps": progress["steps"],
                "stages": progress["stages"], "tokensPerBatch": args.tokens, "minutes": progress["minutes"],
                "learningRate": lr, "contentWeight": args.content_weight, "init": args.init, "seed": SEED, "threads": torch.get_num_threads(), "examples": len(records), "data": data,
                "dropped": dropped, "heldOutExactTeacherForced": exact, "finalLoss": log[-1]["loss"] if log else None,
                "lossCurve": log}
    with open(os.path.join(WORK, f"{name}.training.json"), "w") as f:
        json.dump(training, f, indent=1)
    print(f"wrote {gguf} ({os.path.getsize(gguf) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
