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

import numpy as np
import sentencepiece as spm
import torch
import torch.nn.functional as F

from common import MODELS, SEED, WORK, read_jsonl, setup
from gguf_writer import sentencepiece_vocab_tuple, write_llama_gguf
from model import Config, Llama, gguf_hparams, gguf_tensors
from gguf_reader import load_llama

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


# Tokens per packed training sequence; a longer read session continues in another one. Measured on 2 cores: 768
# trains 295 output tokens/s, 1,536 only 193 (attention's cost grows with the sequence).
PACK_LIMIT = 768


def encode(sp, records):
    """Training sequences: (ids, positions, segments, labels), lists of equal length. labels[i] is the token to
    predict after ids[i] (-100: none). A question, a truncated answer or a schema is one causal sequence: BOS + prompt
    + output, the loss on the output and the EOS after it. A read session (readerData.ts) is packed: BOS + prefix, then
    per chunk a private segment (the chunk's text and its revisions, seen only by itself) and the log lines the
    revisions add (shared with every later chunk). Positions are those each token has at inference, where the
    prompt is prefix + log so far + chunk, so one sequence trains every chunk of the session with the prefix computed
    once, as the reader's KV cache reuses it (PRISM §3.3, amendments). Segment 0 is shared, k > 0 private to chunk k.
    Dropped: an output whose prompt tokens are not a prefix of prompt + output tokens, or that outgrows the context."""
    bos, eos = sp.bos_id(), sp.eos_id()
    out, dropped = [], {"prefix": 0, "long": 0}
    for r in records:
        if "steps" not in r:
            head = sp.encode(r["prompt"])
            full = sp.encode(r["prompt"] + r["target"])
            if full[: len(head)] != head:
                dropped["prefix"] += 1
                continue
            if len(full) + 2 > CONFIG.context:
                dropped["long"] += 1
                continue
            ids = [bos] + full
            labels = [-100] * len(head) + ids[len(head) + 1 :] + [eos]
            out.append(_arrays((ids, list(range(len(ids))), [0] * len(ids), labels)))
            continue
        shared_ids = [bos] + sp.encode(r["prefix"])
        item = (list(shared_ids), list(range(len(shared_ids))), [0] * len(shared_ids), [-100] * len(shared_ids))
        seg = 0
        for step in r["steps"]:
            s, t, log = sp.encode(step["suffix"]), sp.encode(step["target"]), sp.encode(step["log"])
            if len(shared_ids) + len(s) + len(t) + 1 > CONFIG.context:
                dropped["long"] += 1
                break
            if seg > 0 and len(item[0]) + len(s) + len(t) + len(log) > PACK_LIMIT:
                out.append(_arrays(item))
                item = (list(shared_ids), list(range(len(shared_ids))), [0] * len(shared_ids), [-100] * len(shared_ids))
                seg = 0
            seg += 1
            ids, positions, segments, labels = item
            first = len(shared_ids)
            ids += s + t
            positions += range(first, first + len(s) + len(t))
            segments += [seg] * (len(s) + len(t))
            labels += [-100] * (len(s) - 1) + t + [eos]
            ids += log
            positions += range(len(shared_ids), len(shared_ids) + len(log))
            segments += [0] * len(log)
            labels += [-100] * len(log)
            shared_ids += log
        if seg > 0:
            out.append(_arrays(item))
    return out, dropped


def _arrays(item):
    # int32 arrays: some 50M tokens of training sequences as Python lists would take gigabytes.
    return tuple(np.asarray(a, dtype=np.int32) for a in item)


def chunk_only(raw, share, rng):
    """Curriculum examples: a chunk with no schema, memory or log before it (`read`, then the chunk), and the revisions
    whose values the text itself gives (arrivals, moves, meetings, items; not counts, which need the memory). On such
    short prompts the reader learns to copy names, places and digits from the text far sooner than behind 250 tokens
    of memory (models/README.md, runs 5 and 7), and the skill carries over to the full prompt."""
    out = []
    for r in raw:
        for step in r.get("steps", []):
            if rng.random() >= share:
                continue
            revisions = [v for v in json.loads(step["target"])["revisions"]
                         if not (v["op"] == "update" and v["path"].endswith(("/coins", "/apples", "/nails")))]
            out.append({"kind": "chunk-only", "prompt": "read\n" + step["suffix"],
                        "target": json.dumps({"revisions": revisions}, separators=(",", ":"))})
    return out


def check_packing(sp, records, limit=300):
    """How often tokenizing a packed prompt piece by piece differs from tokenizing it whole, as llama.cpp does at
    inference (the pieces meet at line starts, where the reader's tokenizer never merges across)."""
    checked = differ = 0
    for r in records:
        if "steps" not in r:
            continue
        text, pieces = r["prefix"], sp.encode(r["prefix"])
        for step in r["steps"]:
            whole = sp.encode(text + step["suffix"] + step["target"])
            differ += int(whole != pieces + sp.encode(step["suffix"]) + sp.encode(step["target"]))
            checked += 1
            text += step["log"]
            pieces = pieces + sp.encode(step["log"])
        if checked >= limit:
            break
    return differ, checked


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


def collate(batch):
    """Padded tensors: ids, positions, labels [batch, t] and visible [batch, t, t] (causal, and a private segment
    seen only by itself)."""
    width = max(len(r[0]) for r in batch)
    x = torch.zeros(len(batch), width, dtype=torch.long)
    pos = torch.zeros(len(batch), width, dtype=torch.long)
    seg = torch.full((len(batch), width), -1, dtype=torch.long)
    y = torch.full((len(batch), width), -100, dtype=torch.long)
    for row, (ids, positions, segments, labels) in enumerate(batch):
        n = len(ids)
        x[row, :n] = torch.as_tensor(ids, dtype=torch.long)
        pos[row, :n] = torch.as_tensor(positions, dtype=torch.long)
        seg[row, :n] = torch.as_tensor(segments, dtype=torch.long)
        y[row, :n] = torch.as_tensor(labels, dtype=torch.long)
    causal = torch.ones(width, width, dtype=torch.bool).tril()
    same = (seg[:, None, :] == 0) | (seg[:, None, :] == seg[:, :, None])
    visible = causal[None] & same & (seg[:, None, :] >= 0)
    visible |= torch.eye(width, dtype=torch.bool)[None]  # padding rows see themselves: no empty softmax
    return x, pos, visible, y


@torch.no_grad()
def exact_outputs(model, held_out):
    """Share of held-out outputs (a chunk's revisions, an answer, a schema) the model predicts token for token
    (teacher-forced argmax)."""
    model.eval()
    hits = total = 0
    for item in held_out:
        x, pos, visible, y = collate([item])
        pred = model(x, pos, visible)[0].argmax(-1)
        labels, segments = y[0], torch.as_tensor(item[2], dtype=torch.long)
        for s in segments[labels != -100].unique().tolist():
            at = (labels != -100) & (segments == s)
            hits += int(torch.equal(pred[at], labels[at]))
            total += 1
    model.train()
    return hits / max(1, total)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokenizer", action="store_true", help="train the reader's tokenizer and stop")
    ap.add_argument("--minutes", type=float, default=50)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--tokens", type=int, default=4096, help="tokens per batch")
    ap.add_argument("--short", type=float, default=0.0, help="share of read chunks also trained as chunk-only prompts (curriculum for copying values)")
    ap.add_argument("--content-weight", type=float, default=1.0, help="loss weight on names, places, goods, items and digits in outputs")
    ap.add_argument("--resume", action="store_true", help="continue from work/mull-reader.pt (another stage)")
    ap.add_argument("--init", metavar="GGUF", help="start from a GGUF's weights (e.g. ../mull-reader.gguf, Q8_0 dequantized) when the checkpoint in work/ is gone")
    ap.add_argument("--lr", type=float, help=f"peak learning rate (default {LR}, halved on --resume)")
    ap.add_argument("--data", default="reader-train.jsonl", help="training examples in work/, comma-separated files (default reader-train.jsonl; e.g. reader-train.jsonl,reader-answers.jsonl)")
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
    elif args.init:
        model = load_llama(args.init)
        previous["from"] = os.path.basename(args.init)
        lr = LR * 0.5
    lr = args.lr or lr
    print(f"{NAME}: {model.parameter_count() / 1e6:.2f}M parameters, {args.minutes} minutes, stage {previous['stages'] + 1}", flush=True)
    raw = [r for name in args.data.split(",") for r in read_jsonl(os.path.join(WORK, name))]
    differ, checked = check_packing(sp, raw)
    print(f"packed prompts tokenized piece by piece differ from whole: {differ}/{checked}", flush=True)
    if args.short > 0:
        raw += chunk_only(raw, args.short, random.Random(SEED))
    records, dropped = encode(sp, raw)
    del raw
    rng = random.Random(SEED + previous["stages"])
    rng.shuffle(records)
    held_out, records = records[:200], records[200:]
    print(f"{len(records)} examples ({sum(len(r[0]) for r in records) / 1e6:.1f}M tokens), dropped {dropped}", flush=True)
    content = torch.tensor(sorted({sp.piece_to_id(s) for s in reader_symbols()}))
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
