"""GGUF files that tests make with the recipe's own writer (numpy only, no PyTorch): a "foreign" model with
another vocabulary and shape than the embedded ones (grouped-query attention, a ChatML chat template), and
deliberately broken variants. Usage: python3 make_test_ggufs.py OUT_DIR"""
import os
import sys

import numpy as np

from gguf_writer import F16, write_llama_gguf

CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
          "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


def foreign_vocab():
    tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    types = [2, 3, 3, 3, 3]
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [6] * 256
    pieces = ["▁"] + list("abcdefghijklmnopqrstuvwxyz0123456789+-*/=:.,?") + ["▁the", "▁is", "▁x", "▁Step", "▁Answer"]
    tokens += pieces
    types += [1] * len(pieces)
    scores = [0.0] * (len(tokens) - len(pieces)) + [-float(i) for i in range(len(pieces))]
    return tokens, scores, types, 0, 1, 2


def foreign_model(seed=7):
    rng = np.random.default_rng(seed)
    vocab = foreign_vocab()
    hp = {"vocab": len(vocab[0]), "dim": 64, "layers": 2, "heads": 4, "kv_heads": 2, "ff": 96, "context": 128,
          "rope_base": 10000.0, "eps": 1e-5}
    kv_dim = hp["dim"] // hp["heads"] * hp["kv_heads"]

    def m(*shape):
        return (rng.standard_normal(shape) * 0.05).astype(np.float32)

    tensors = {"token_embd.weight": m(hp["vocab"], hp["dim"])}
    for i in range(hp["layers"]):
        p = f"blk.{i}."
        tensors.update({
            p + "attn_norm.weight": np.ones(hp["dim"], np.float32),
            p + "attn_q.weight": m(hp["dim"], hp["dim"]),
            p + "attn_k.weight": m(kv_dim, hp["dim"]),
            p + "attn_v.weight": m(kv_dim, hp["dim"]),
            p + "attn_output.weight": m(hp["dim"], hp["dim"]),
            p + "ffn_norm.weight": np.ones(hp["dim"], np.float32),
            p + "ffn_gate.weight": m(hp["ff"], hp["dim"]),
            p + "ffn_up.weight": m(hp["ff"], hp["dim"]),
            p + "ffn_down.weight": m(hp["dim"], hp["ff"]),
        })
    tensors["output_norm.weight"] = np.ones(hp["dim"], np.float32)
    tensors["output.weight"] = m(hp["vocab"], hp["dim"])
    return hp, tensors, vocab


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    hp, tensors, vocab = foreign_model()
    write_llama_gguf(os.path.join(out, "foreign.gguf"), hp, tensors, vocab, "foreign-test-model", chat_template=CHATML)
    write_llama_gguf(os.path.join(out, "f16-norms.gguf"), hp, tensors, vocab, "f16-norms", norm_type=F16)
    write_llama_gguf(os.path.join(out, "missing-head-count.gguf"), hp, tensors, vocab, "missing-head-count",
                     skip_keys=("llama.attention.head_count",))
    print(out)


if __name__ == "__main__":
    main()
