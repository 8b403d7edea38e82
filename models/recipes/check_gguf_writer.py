"""Checks that gguf_writer.py (on gguf-py) writes the committed GGUFs exactly as they are: each is read back
(gguf_reader.py), written again, and every key/value and every tensor's type, shape and bytes compared with llama.cpp's
own reader (gguf-py's GGUFReader). Usage (from models/recipes/): /usr/bin/python3 check_gguf_writer.py"""
import os
import sys
import tempfile

import numpy as np

from gguf_reader import read_gguf
from gguf_writer import F16, F32, write_llama_gguf
from llama_cpp_gguf import gguf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILES = ["models/mull-policy-2m.gguf", "models/mull-policy-6m.gguf", "models/mull-reader.gguf",
         "test/fixtures/foreign.gguf", "test/fixtures/f16-norms.gguf", "test/fixtures/missing-head-count.gguf"]
WRITTEN = {"general.name", "general.file_type", "general.alignment", "llama.context_length", "llama.embedding_length",
           "llama.block_count", "llama.feed_forward_length", "llama.attention.head_count",
           "llama.attention.head_count_kv", "llama.attention.layer_norm_rms_epsilon", "llama.rope.dimension_count",
           "llama.rope.freq_base", "llama.vocab_size", "tokenizer.ggml.model", "tokenizer.ggml.tokens",
           "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.unknown_token_id",
           "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.add_bos_token",
           "tokenizer.ggml.add_eos_token"}


def fields(path):
    r = gguf.GGUFReader(path)
    kv = {}
    for name, f in r.fields.items():
        if name.startswith("GGUF."):
            continue
        kv[name] = f.contents()
    tensors = {t.name: (int(t.tensor_type), tuple(int(x) for x in t.shape), bytes(t.data.tobytes())) for t in r.tensors}
    return kv, tensors


def rewrite(path, out):
    kv, tensors = read_gguf(path)
    hp = {"vocab": kv.get("llama.vocab_size", len(kv["tokenizer.ggml.tokens"])), "dim": kv["llama.embedding_length"],
          "layers": kv["llama.block_count"], "heads": kv.get("llama.attention.head_count", 1),
          "kv_heads": kv.get("llama.attention.head_count_kv", kv.get("llama.attention.head_count", 1)),
          "ff": kv["llama.feed_forward_length"], "context": kv["llama.context_length"],
          "rope_base": kv["llama.rope.freq_base"], "eps": kv["llama.attention.layer_norm_rms_epsilon"]}
    if "llama.attention.head_count" not in kv:  # missing-head-count.gguf: the dimension count was written from it
        hp["heads"] = hp["dim"] // kv["llama.rope.dimension_count"]
    vocab = (kv["tokenizer.ggml.tokens"], kv["tokenizer.ggml.scores"], kv["tokenizer.ggml.token_type"],
             kv["tokenizer.ggml.unknown_token_id"], kv["tokenizer.ggml.bos_token_id"], kv["tokenizer.ggml.eos_token_id"])
    extra = {k: v for k, v in kv.items() if k not in WRITTEN and k not in (
        "general.architecture", "tokenizer.ggml.add_space_prefix", "tokenizer.chat_template")}
    norms = [gt for n, gt in _types(path).items() if n.endswith("norm.weight")]
    write_llama_gguf(out, hp, tensors, vocab, kv["general.name"], norm_type=F16 if F16 in norms else F32,
                     skip_keys=[k for k in WRITTEN if k not in kv], metadata=extra,
                     chat_template=kv.get("tokenizer.chat_template"),
                     add_space_prefix=kv.get("tokenizer.ggml.add_space_prefix", True))


def _types(path):
    return {t.name: int(t.tensor_type) for t in gguf.GGUFReader(path).tensors}


def main():
    failed = 0
    for rel in FILES:
        path = os.path.join(ROOT, rel)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "again.gguf")
            rewrite(path, out)
            (kv_a, t_a), (kv_b, t_b) = fields(path), fields(out)
        problems = [f"key {k}: {kv_a.get(k)!r:.60} vs {kv_b.get(k)!r:.60}" for k in sorted(set(kv_a) | set(kv_b))
                    if kv_a.get(k) != kv_b.get(k)]
        problems += [f"tensor {n} differs" for n in sorted(set(t_a) | set(t_b)) if t_a.get(n) != t_b.get(n)]
        print(f"{rel}: {len(kv_a)} keys, {len(t_a)} tensors: {'same' if not problems else '; '.join(problems[:5])}")
        failed += bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
