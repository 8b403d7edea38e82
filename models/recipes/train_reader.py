"""Steps R2-R3 of the reader recipe: the reader's tokenizer, then the reader itself (a llama-architecture model, as the
policies) trained on work/reader-train.jsonl (written by readerData.ts) for a fixed wall-clock budget, written as a
Q8_0 GGUF. The loss is on the outputs only (revisions, answers, schemas), never on the prompt.

Usage (from models/recipes/):
  /usr/bin/python3 train_reader.py --tokenizer          # writes ../mull-reader-tokenizer.model
  /usr/bin/python3 train_reader.py --minutes 50         # writes ../mull-reader.gguf and work/mull-reader.pt
  /usr/bin/python3 train_reader.py --minutes 40 --resume  # another stage from work/mull-reader.pt
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
from train_policy import collate  # (ids, first_target) records → inputs and targets, loss from first_target

NAME = "mull-reader"
TOKENIZER = os.path.join(MODELS, "mull-reader-tokenizer.model")
CONFIG = Config(vocab=1024, dim=160, layers=6, heads=5, ff=448, context=768)
LR = 2e-3


def train_tokenizer():
    """Same settings as the policies' tokenizer (train_tokenizer.py), on the reader's prompts and outputs, each its
    own sentence so no token spans the boundary between a prompt and what the reader writes after it."""
    records = [json.loads(line) for line in open(os.path.join(WORK, "reader-train.jsonl"), encoding="utf-8")][:20000]
    sentences = [r["prompt"] for r in records] + [r["target"] for r in records]
    # The ledger's names, places, goods and items, and the digits, are pieces of their own (user-defined symbols):
    # "Fay" is then the same token in "gave 2 coins to Fay." and in "/people/Fay/coins", so writing a revision is
    # copying tokens, which a small model learns far sooner than mapping "▁Fay" to "Fay". Without a dummy prefix,
    # llama.cpp's tokenizer (add_space_prefix false) splits text around these symbols exactly as SentencePiece does.
    with open(os.path.join(WORK, "reader-vocab.json"), encoding="utf-8") as f:
        symbols = json.load(f)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=model, model_type="bpe", vocab_size=CONFIG.vocab,
        normalization_rule_name="identity", remove_extra_whitespaces=False, add_dummy_prefix=False, byte_fallback=True,
        split_digits=True, user_defined_symbols=symbols, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, character_coverage=1.0, max_sentence_length=8192,
        allow_whitespace_only_pieces=True, split_by_whitespace=True, num_threads=2, minloglevel=2)
    with open(TOKENIZER, "wb") as f:
        f.write(model.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    lengths = [len(sp.encode(r["prompt"] + r["target"])) for r in records[:3000]]
    print(f"wrote {TOKENIZER}: vocab {sp.get_piece_size()}, mean tokens per example {sum(lengths) / len(lengths):.1f}, "
          f"max {max(lengths)}, over {CONFIG.context}: {sum(1 for n in lengths if n + 2 > CONFIG.context)}")


def reader_symbols():
    """The user-defined symbols the tokenizer was trained with (readerData.ts writes them)."""
    with open(os.path.join(WORK, "reader-vocab.json"), encoding="utf-8") as f:
        return json.load(f)


def encode(sp, records):
    """(ids, first_target) per example: BOS + prompt + output + EOS, the loss from the output's first token. An
    example whose prompt tokens are not a prefix of its full tokens, or that outgrows the context, is dropped."""
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
        out.append(([sp.bos_id()] + full + [sp.eos_id()], len(head) + 1))
    return out, dropped


def batches(records, tokens_per_batch, rng):
    """Length-bucketed batches of about the same number of tokens, shuffled each epoch."""
    while True:
        order = sorted(range(len(records)), key=lambda i: len(records[i][0]) + rng.random() * 16)
        chunks, current, width = [], [], 0
        for i in order:
            width = max(width, len(records[i][0]))
            if current and width * (len(current) + 1) > tokens_per_batch:
                chunks.append(current)
                current, width = [], len(records[i][0])
            current.append(i)
        if current:
            chunks.append(current)
        rng.shuffle(chunks)
        for chunk in chunks:
            yield [records[i] for i in chunk]


@torch.no_grad()
def exact_outputs(model, held_out):
    """Share of held-out examples whose whole output the model predicts token for token (teacher-forced argmax)."""
    model.eval()
    hits = 0
    for ids, first in held_out:
        x = torch.tensor(ids[:-1])[None]
        pred = model(x)[0].argmax(-1)
        hits += int(torch.equal(pred[first - 1 :], torch.tensor(ids[first:])))
    model.train()
    return hits / max(1, len(held_out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", action="store_true", help="train the reader's tokenizer and stop")
    ap.add_argument("--minutes", type=float, default=50)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--tokens", type=int, default=4096, help="tokens per batch")
    ap.add_argument("--resume", action="store_true", help="continue from work/mull-reader.pt (another stage)")
    ap.add_argument("--lr", type=float, help=f"peak learning rate (default {LR}, halved on --resume)")
    ap.add_argument("--data", default="reader-train.jsonl", help="training examples in work/ (default reader-train.jsonl)")
    ap.add_argument("--out", default=NAME, help="name of the checkpoint and GGUF written (default mull-reader; others go to work/)")
    ap.add_argument("--export", metavar="CHECKPOINT", help="write CHECKPOINT (.pt, e.g. work/mull-reader.partial.pt) as work/<name>.gguf and stop")
    args = ap.parse_args()
    setup(threads=args.threads)
    if args.tokenizer:
        train_tokenizer()
        return
    if args.export:
        sp = spm.SentencePieceProcessor(model_file=TOKENIZER)
        ckpt = torch.load(args.export)
        model = Llama(Config(**ckpt["config"]))
        model.load_state_dict(ckpt["state"])
        out = os.path.join(WORK, os.path.basename(args.export).replace(".pt", ".gguf"))
        write_llama_gguf(out, gguf_hparams(model.cfg), gguf_tensors(model), sentencepiece_vocab_tuple(sp, reader_symbols()), NAME,
                         metadata={"mull.recipe": f"train_reader.py --export {os.path.basename(args.export)}"},
                         add_space_prefix=False)
        print("wrote", out)
        return
    sp = spm.SentencePieceProcessor(model_file=TOKENIZER)
    cfg = CONFIG
    cfg.vocab = sp.get_piece_size()
    model = Llama(cfg)
    previous = {"steps": 0, "minutes": 0.0, "stages": 0}
    lr = LR
    if args.resume:
        ckpt = torch.load(os.path.join(WORK, f"{args.out}.pt"))
        model.load_state_dict(ckpt["state"])
        previous = ckpt["progress"]
        lr = LR * 0.5
    lr = args.lr or lr
    print(f"{NAME}: {model.parameter_count() / 1e6:.2f}M parameters, {args.minutes} minutes, stage {previous['stages'] + 1}", flush=True)
    records, dropped = encode(sp, read_jsonl(os.path.join(WORK, args.data)))
    rng = random.Random(SEED + previous["stages"])
    rng.shuffle(records)
    held_out, records = records[:200], records[200:]
    print(f"{len(records)} examples ({sum(len(r[0]) for r in records) / 1e6:.1f}M tokens), dropped {dropped}", flush=True)
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
        x, y = collate(batch)
        loss = F.cross_entropy(model(x).reshape(-1, cfg.vocab), y.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 50 == 0:
            log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
            print(f"step {step}/{total_steps} {elapsed / 60:.1f} min loss {loss.item():.4f}", flush=True)
        if step % 400 == 0:
            torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "progress": previous}, os.path.join(WORK, f"{args.out}.partial.pt"))
    exact = exact_outputs(model, held_out)
    print(f"done: {step} steps, held-out outputs exactly right (teacher-forced) {exact:.3f}", flush=True)
    progress = {"steps": previous["steps"] + step, "minutes": round(previous["minutes"] + (time.time() - start) / 60, 1),
                "stages": previous["stages"] + 1}
    torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "progress": progress}, os.path.join(WORK, f"{args.out}.pt"))
    gguf = os.path.join(MODELS if args.out == NAME else WORK, f"{args.out}.gguf")
    write_llama_gguf(gguf, gguf_hparams(cfg), gguf_tensors(model), sentencepiece_vocab_tuple(sp, reader_symbols()), NAME,
                     metadata={"mull.recipe": "train_reader.py"}, add_space_prefix=False)
    training = {"parameters": model.parameter_count(), "config": cfg.to_dict(), "steps": progress["steps"],
                "stages": progress["stages"], "tokensPerBatch": args.tokens, "minutes": progress["minutes"],
                "learningRate": lr, "seed": SEED, "threads": torch.get_num_threads(), "examples": len(records),
                "dropped": dropped, "heldOutExactTeacherForced": exact, "finalLoss": log[-1]["loss"] if log else None,
                "lossCurve": log}
    with open(os.path.join(WORK, f"{args.out}.training.json"), "w") as f:
        json.dump(training, f, indent=1)
    print(f"wrote {gguf} ({os.path.getsize(gguf) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
