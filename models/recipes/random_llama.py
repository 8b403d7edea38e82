"""A random-weight llama-architecture GGUF of a chosen shape, for measuring engine speed where the weights do not matter
(bench/measureBatch.ts: batching pays only when decode is memory-bound, which the embedded 6M model is not). The
vocabulary is copied from a GGUF (default: the embedded 6M policy's), so the model tokenizes the same prompts; the
weights are Gaussian noise (std 0.02), norms ones. Written through gguf_writer.write_llama_gguf (llama.cpp's gguf-py),
matrices as F16 or Q8_0, norms F32.

Usage: python3 random_llama.py OUT.gguf --dim D --layers L --heads H --ff F [--context C] [--type f16|q8_0]
       [--vocab-from FILE.gguf] [--seed S]
Prints the parameter count and the file size as one JSON line."""
import argparse
import json
import os

import numpy as np

from gguf_writer import F16, Q8_0, write_llama_gguf
from llama_cpp_gguf import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_VOCAB = os.path.join(HERE, "..", "mull-policy-6m.gguf")


def read_vocab(path):
    """(tokens, scores, token_types, unk, bos, eos) of a llama-tokenizer GGUF, as write_llama_gguf takes them."""
    r = gguf.GGUFReader(path)

    def field(key):
        f = r.get_field(key)
        if f is None:
            raise SystemExit(f"{path} has no {key}: its vocabulary cannot be copied")
        return f.contents()

    if field("tokenizer.ggml.model") != "llama":
        raise SystemExit(f"{path}: tokenizer.ggml.model is not \"llama\" (SentencePiece): cannot copy its vocabulary")
    return (field("tokenizer.ggml.tokens"), field("tokenizer.ggml.scores"), field("tokenizer.ggml.token_type"),
            field("tokenizer.ggml.unknown_token_id"), field("tokenizer.ggml.bos_token_id"),
            field("tokenizer.ggml.eos_token_id"))


def random_tensors(hp, seed):
    """llama.cpp tensor name -> float32 array in PyTorch layout ([out, in]). Output projection untied, as in the
    embedded policies."""
    rng = np.random.default_rng(seed)
    dim, ff, vocab = hp["dim"], hp["ff"], hp["vocab"]

    def m(*shape):
        a = rng.standard_normal(shape, dtype=np.float32)
        a *= 0.02
        return a

    tensors = {"token_embd.weight": m(vocab, dim)}
    for i in range(hp["layers"]):
        p = f"blk.{i}."
        tensors.update({
            p + "attn_norm.weight": np.ones(dim, np.float32),
            p + "attn_q.weight": m(dim, dim),
            p + "attn_k.weight": m(dim, dim),
            p + "attn_v.weight": m(dim, dim),
            p + "attn_output.weight": m(dim, dim),
            p + "ffn_norm.weight": np.ones(dim, np.float32),
            p + "ffn_gate.weight": m(ff, dim),
            p + "ffn_up.weight": m(ff, dim),
            p + "ffn_down.weight": m(dim, ff),
        })
    tensors["output_norm.weight"] = np.ones(dim, np.float32)
    tensors["output.weight"] = m(vocab, dim)
    return tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--heads", type=int, required=True)
    ap.add_argument("--ff", type=int, required=True)
    ap.add_argument("--context", type=int, default=512)
    ap.add_argument("--type", choices=["f16", "q8_0"], default="f16")
    ap.add_argument("--vocab-from", default=DEFAULT_VOCAB)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.dim % a.heads:
        raise SystemExit(f"--dim {a.dim} is not a multiple of --heads {a.heads}")
    vocab = read_vocab(a.vocab_from)
    hp = {"vocab": len(vocab[0]), "dim": a.dim, "layers": a.layers, "heads": a.heads, "ff": a.ff,
          "context": a.context, "rope_base": 10000.0, "eps": 1e-5}
    tensors = random_tensors(hp, a.seed)
    params = int(sum(t.size for t in tensors.values()))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    write_llama_gguf(a.out, hp, tensors, vocab, f"random-llama-{params // 1_000_000}m",
                     quant=F16 if a.type == "f16" else Q8_0,
                     metadata={"mull.recipe": "random_llama.py (random weights: for speed measurements only)"})
    print(json.dumps({"path": a.out, "parameters": params, "bytes": os.path.getsize(a.out)}))


if __name__ == "__main__":
    main()
