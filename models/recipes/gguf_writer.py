"""A GGUF v3 writer (no `gguf` package is installable here): header, typed key/values, tensor infos, 32-byte
aligned data. Matrices are written as Q8_0, norms as F32 (llama.cpp asserts on F16 norms)."""
import os
import struct

import numpy as np

GGUF_MAGIC = b"GGUF"
GGUF_VERSION = 3
ALIGNMENT = 32

# gguf value types
UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
# ggml tensor types
F32, F16, Q8_0 = 0, 1, 8
QK8_0 = 32
FILE_TYPE = {F32: 0, F16: 1, Q8_0: 7}


def _string(s: str) -> bytes:
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _scalar(vtype, value) -> bytes:
    fmt = {UINT8: "<B", INT8: "<b", UINT16: "<H", INT16: "<h", UINT32: "<I", INT32: "<i", FLOAT32: "<f",
           BOOL: "<?", UINT64: "<Q", INT64: "<q", FLOAT64: "<d"}[vtype]
    return struct.pack(fmt, value)


def _value(vtype, value) -> bytes:
    if vtype == STRING:
        return _string(value)
    if vtype == ARRAY:
        etype, items = value
        body = b"".join(_string(v) if etype == STRING else _scalar(etype, v) for v in items)
        return struct.pack("<IQ", etype, len(items)) + body
    return _scalar(vtype, value)


def quantize_q8_0(x: np.ndarray) -> bytes:
    """Blocks of 32 along the innermost dimension: an f16 scale then 32 int8 values."""
    flat = x.astype(np.float32).reshape(-1, QK8_0)
    amax = np.abs(flat).max(axis=1, keepdims=True)
    d = amax / 127.0
    inv = np.where(d > 0, 1.0 / np.where(d > 0, d, 1), 0.0)
    q = np.clip(np.round(flat * inv), -127, 127).astype(np.int8)
    out = np.empty(flat.shape[0], dtype=[("d", "<f2"), ("q", "i1", (QK8_0,))])
    out["d"] = d[:, 0].astype(np.float16)
    out["q"] = q
    return out.tobytes()


class GGUFWriter:
    def __init__(self):
        self.kv = []  # (key, type, value)
        self.tensors = []  # (name, shape, ggml_type, bytes)

    def add(self, key, vtype, value):
        self.kv.append((key, vtype, value))

    def add_tensor(self, name, array: np.ndarray, ggml_type=F32):
        array = np.ascontiguousarray(array)
        if ggml_type == Q8_0:
            if array.shape[-1] % QK8_0:
                raise ValueError(f"{name}: innermost dimension {array.shape[-1]} is not a multiple of {QK8_0}")
            data = quantize_q8_0(array)
        elif ggml_type == F16:
            data = array.astype("<f2").tobytes()
        else:
            data = array.astype("<f4").tobytes()
        self.tensors.append((name, array.shape, ggml_type, data))

    def write(self, path):
        header = GGUF_MAGIC + struct.pack("<IQQ", GGUF_VERSION, len(self.tensors), len(self.kv))
        kv = b"".join(_string(k) + struct.pack("<I", t) + _value(t, v) for k, t, v in self.kv)
        infos, offset, blobs = b"", 0, []
        for name, shape, gtype, data in self.tensors:
            dims = list(reversed(shape))  # ggml order: innermost first
            infos += _string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
            infos += struct.pack("<IQ", gtype, offset)
            pad = (-len(data)) % ALIGNMENT
            blobs.append(data + b"\0" * pad)
            offset += len(data) + pad
        head = header + kv + infos
        head += b"\0" * ((-len(head)) % ALIGNMENT)
        # Written beside the target and renamed over it: a process that has the old file mmapped (a test, the app)
        # keeps reading the old inode instead of dying with SIGBUS when the file shrinks under it.
        tmp = f"{path}.tmp"
        with open(tmp, "wb") as f:
            f.write(head)
            for b in blobs:
                f.write(b)
        os.replace(tmp, path)


def sentencepiece_vocab(sp, user_defined=()):
    """tokens, scores and token types as llama.cpp's SentencePiece ("llama") tokenizer expects them. `user_defined`:
    the pieces trained as user-defined symbols (Debian's sentencepiece 0.1.97 cannot say which they are)."""
    tokens, scores, types = [], [], []
    for i in range(sp.get_piece_size()):
        tokens.append(sp.id_to_piece(i))
        scores.append(float(sp.get_score(i)))
        if sp.is_unknown(i):
            types.append(2)
        elif sp.is_control(i):
            types.append(3)
        elif sp.is_byte(i):
            types.append(6)
        elif sp.id_to_piece(i) in user_defined:
            types.append(4)
        else:
            types.append(1)
    return tokens, scores, types


def write_llama_gguf(path, hp, tensors, vocab, name, quant=Q8_0, skip_keys=(), norm_type=F32, metadata=None,
                     chat_template=None, add_space_prefix=True):
    """Writes a llama-architecture GGUF from plain numpy arrays.

    hp: dict with vocab, dim, layers, heads, kv_heads (optional), ff, context, rope_base, eps.
    tensors: llama.cpp tensor name -> array in PyTorch layout ([out, in]); names ending in "norm.weight" are
    written as `norm_type`, everything else as `quant`.
    vocab: (tokens, scores, token_types, unk_id, bos_id, eos_id).
    `skip_keys` and `norm_type` exist so tests can make deliberately broken files with the same writer.
    `add_space_prefix` must match the tokenizer's `add_dummy_prefix` (written only when False, llama.cpp's default
    being True)."""
    tokens, scores, types, unk, bos, eos = vocab
    w = GGUFWriter()
    keys = [
        ("general.architecture", STRING, "llama"),
        ("general.name", STRING, name),
        ("general.file_type", UINT32, FILE_TYPE[quant]),
        ("general.alignment", UINT32, ALIGNMENT),
        ("llama.context_length", UINT32, hp["context"]),
        ("llama.embedding_length", UINT32, hp["dim"]),
        ("llama.block_count", UINT32, hp["layers"]),
        ("llama.feed_forward_length", UINT32, hp["ff"]),
        ("llama.attention.head_count", UINT32, hp["heads"]),
        ("llama.attention.head_count_kv", UINT32, hp.get("kv_heads", hp["heads"])),
        ("llama.attention.layer_norm_rms_epsilon", FLOAT32, hp["eps"]),
        ("llama.rope.dimension_count", UINT32, hp["dim"] // hp["heads"]),
        ("llama.rope.freq_base", FLOAT32, hp["rope_base"]),
        ("llama.vocab_size", UINT32, hp["vocab"]),
        ("tokenizer.ggml.model", STRING, "llama"),
        ("tokenizer.ggml.tokens", ARRAY, (STRING, tokens)),
        ("tokenizer.ggml.scores", ARRAY, (FLOAT32, scores)),
        ("tokenizer.ggml.token_type", ARRAY, (INT32, types)),
        ("tokenizer.ggml.unknown_token_id", UINT32, unk),
        ("tokenizer.ggml.bos_token_id", UINT32, bos),
        ("tokenizer.ggml.eos_token_id", UINT32, eos),
        ("tokenizer.ggml.add_bos_token", BOOL, True),
        ("tokenizer.ggml.add_eos_token", BOOL, False),
    ]
    if not add_space_prefix:
        keys.append(("tokenizer.ggml.add_space_prefix", BOOL, False))
    if chat_template:
        keys.append(("tokenizer.chat_template", STRING, chat_template))
    for k, v in (metadata or {}).items():
        keys.append((k, STRING, str(v)))
    for k, t, v in keys:
        if k not in skip_keys:
            w.add(k, t, v)
    for tensor_name, array in tensors.items():
        w.add_tensor(tensor_name, array, norm_type if tensor_name.endswith("norm.weight") else quant)
    w.write(path)


def sentencepiece_vocab_tuple(sp, user_defined=()):
    tokens, scores, types = sentencepiece_vocab(sp, set(user_defined))
    return tokens, scores, types, sp.unk_id(), sp.bos_id(), sp.eos_id()
