"""Re-writes a policy GGUF from its saved checkpoint (work/<name>.pt) without training again, e.g. after a
change to the GGUF writer. Usage: python3 export_gguf.py mull-policy-6m"""
import os
import sys

import sentencepiece as spm
import torch

from common import MODELS, WORK
from gguf_writer import sentencepiece_vocab_tuple, write_llama_gguf
from model import Config, Llama, gguf_hparams, gguf_tensors

SIZE = {"mull-policy-2m": "small", "mull-policy-6m": "large"}
name = sys.argv[1]
ckpt = torch.load(os.path.join(WORK, f"{name}.pt"))
model = Llama(Config(**ckpt["config"]))
model.load_state_dict(ckpt["state"])
sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
write_llama_gguf(os.path.join(MODELS, f"{name}.gguf"), gguf_hparams(model.cfg), gguf_tensors(model),
                 sentencepiece_vocab_tuple(sp), name, metadata={"mull.recipe": f"train_policy.py --size {SIZE[name]}"})
print("wrote", name)
