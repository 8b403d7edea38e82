"""Reads back a GGUF written by gguf_writer.py into a PyTorch Llama, so a later recipe step (another policy stage,
the PRM's trunk) can start from the committed artifact when the git-ignored checkpoint in work/ is gone. Q8_0
blocks are dequantized (scale × int8), which is what llama.cpp computes with, so nothing is lost that the app sees."""
import struct

import numpy as np
import torch

from gguf_writer import ARRAY, F16, F32, Q8_0, QK8_0, STRING, ALIGNMENT
from model import Config, Llama, gguf_names

_SCALAR = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


class _Cursor:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt):
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.take("<Q")
        s = self.data[self.pos : self.pos + n].decode("utf-8")
        self.pos += n
        return s

    def value(self, vtype):
        if vtype == STRING:
            return self.string()
        if vtype == ARRAY:
            etype, n = self.take("<I"), self.take("<Q")
            return [self.value(etype) for _ in range(n)]
        return self.take(_SCALAR[vtype])


def read_gguf(path):
    """(key/values, {tensor name: float32 array in PyTorch layout})."""
    with open(path, "rb") as f:
        data = f.read()
    c = _Cursor(data)
    if data[:4] != b"GGUF":
        raise ValueError(f"{path}: not a GGUF file")
    c.pos = 4
    _version, n_tensors, n_kv = c.take("<I"), c.take("<Q"), c.take("<Q")
    kv = {}
    for _ in range(n_kv):
        key = c.string()
        kv[key] = c.value(c.take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = c.string()
        dims = [c.take("<Q") for _ in range(c.take("<I"))]
        infos.append((name, list(reversed(dims)), c.take("<I"), c.take("<Q")))
    alignment = kv.get("general.alignment", ALIGNMENT)
    base = c.pos + (-c.pos) % alignment
    tensors = {}
    for name, shape, gtype, offset in infos:
        count = int(np.prod(shape))
        start = base + offset
        if gtype == Q8_0:
            blocks = np.frombuffer(data, dtype=[("d", "<f2"), ("q", "i1", (QK8_0,))], count=count // QK8_0, offset=start)
            array = blocks["d"].astype(np.float32)[:, None] * blocks["q"].astype(np.float32)
        elif gtype == F16:
            array = np.frombuffer(data, dtype="<f2", count=count, offset=start).astype(np.float32)
        elif gtype == F32:
            array = np.frombuffer(data, dtype="<f4", count=count, offset=start).copy()
        else:
            raise ValueError(f"{path}: tensor {name} has ggml type {gtype}, which this reader does not know")
        tensors[name] = array.reshape(shape)
    return kv, tensors


def load_llama(path) -> Llama:
    """The policy in a GGUF as a trainable float32 Llama (the inverse of model.gguf_tensors, by the same names)."""
    kv, tensors = read_gguf(path)
    cfg = Config(
        vocab=len(kv["tokenizer.ggml.tokens"]),
        dim=kv["llama.embedding_length"],
        layers=kv["llama.block_count"],
        heads=kv["llama.attention.head_count"],
        ff=kv["llama.feed_forward_length"],
        context=kv["llama.context_length"],
        rope_base=kv["llama.rope.freq_base"],
        eps=kv["llama.attention.layer_norm_rms_epsilon"],
    )
    model = Llama(cfg)
    state = {ours: torch.from_numpy(np.ascontiguousarray(tensors[theirs])) for ours, theirs in gguf_names(cfg.layers).items()}
    model.load_state_dict(state, strict=True)
    return model
