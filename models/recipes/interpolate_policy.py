"""Writes a policy whose weights lie on the line between two checkpoints of the same training run (WiSE-FT /
model-soup style): w = (1 - alpha) * earlier + alpha * later. Between an under-trained and a longer-trained stage
this trades greedy accuracy for sample diversity smoothly, without another training run.
Usage: python3 interpolate_policy.py EARLIER.gguf LATER.gguf ALPHA OUT.gguf"""
import os
import sys

import sentencepiece as spm
import torch

from common import MODELS
from gguf_reader import load_llama
from gguf_writer import sentencepiece_vocab_tuple, write_llama_gguf
from model import gguf_hparams, gguf_tensors


def main():
    earlier_path, later_path, alpha, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    if not 0.0 <= alpha <= 1.0:
        sys.exit(f"alpha must be in [0, 1], got {alpha}")
    earlier, later = load_llama(earlier_path), load_llama(later_path)
    if earlier.cfg.to_dict() != later.cfg.to_dict():
        sys.exit(f"{earlier_path} and {later_path} have different shapes; only stages of one run interpolate")
    a, b = earlier.state_dict(), later.state_dict()
    with torch.no_grad():
        later.load_state_dict({k: (1 - alpha) * a[k] + alpha * b[k] for k in a})
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
    name = os.path.basename(out).split(".")[0]
    write_llama_gguf(out, gguf_hparams(later.cfg), gguf_tensors(later), sentencepiece_vocab_tuple(sp), name,
                     metadata={"mull.recipe": f"interpolate_policy.py {os.path.basename(earlier_path)} "
                                              f"{os.path.basename(later_path)} {alpha}"})
    print(f"wrote {out} (alpha {alpha})")


if __name__ == "__main__":
    main()
