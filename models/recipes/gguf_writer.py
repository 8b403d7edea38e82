"""Writes the recipes' llama-architecture GGUFs through llama.cpp's reference writer, gguf-py (llama_cpp_gguf.py):
matrices as Q8_0, norms as F32 (llama.cpp asserts on F16 norms). Until 2026-12-01 this file was a hand-written GGUF v3
writer; the switch kept every key, value and tensor byte of the committed models (check_gguf_writer.py compares)."""
import os

import numpy as np

from llama_cpp_gguf import gguf

GGUF_MAGIC = b"GGUF"
ALIGNMENT = 32

# gguf value types (as gguf_reader.py reads them)
UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
# ggml tensor types
F32, F16, Q8_0 = 0, 1, 8
QK8_0 = 32
FILE_TYPE = {F32: gguf.LlamaFileType.ALL_F32, F16: gguf.LlamaFileType.MOSTLY_F16, Q8_0: gguf.LlamaFileType.MOSTLY_Q8_0}


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
    """Writes a llama-architecture GGUF from plain numpy arrays, with gguf-py.

    hp: dict with vocab, dim, layers, heads, kv_heads (optional), ff, context, rope_base, eps.
    tensors: llama.cpp tensor name -> array in PyTorch layout ([out, in]); names ending in "norm.weight" are
    written as `norm_type`, everything else as `quant`.
    vocab: (tokens, scores, token_types, unk_id, bos_id, eos_id).
    `skip_keys` and `norm_type` exist so tests can make deliberately broken files with the same writer.
    `add_space_prefix` must match the tokenizer's `add_dummy_prefix` (written only when False, llama.cpp's default
    being True)."""
    tokens, scores, types, unk, bos, eos = vocab
    T = gguf.GGUFValueType
    keys = [
        ("general.name", T.STRING, name),
        ("general.file_type", T.UINT32, int(FILE_TYPE[quant])),
        ("general.alignment", T.UINT32, ALIGNMENT),
        ("llama.context_length", T.UINT32, hp["context"]),
        ("llama.embedding_length", T.UINT32, hp["dim"]),
        ("llama.block_count", T.UINT32, hp["layers"]),
        ("llama.feed_forward_length", T.UINT32, hp["ff"]),
        ("llama.attention.head_count", T.UINT32, hp["heads"]),
        ("llama.attention.head_count_kv", T.UINT32, hp.get("kv_heads", hp["heads"])),
        ("llama.attention.layer_norm_rms_epsilon", T.FLOAT32, hp["eps"]),
        ("llama.rope.dimension_count", T.UINT32, hp["dim"] // hp["heads"]),
        ("llama.rope.freq_base", T.FLOAT32, hp["rope_base"]),
        ("llama.vocab_size", T.UINT32, hp["vocab"]),
        ("tokenizer.ggml.model", T.STRING, "llama"),
        ("tokenizer.ggml.tokens", T.ARRAY, list(tokens)),
        ("tokenizer.ggml.scores", T.ARRAY, [float(x) for x in scores]),
        ("tokenizer.ggml.token_type", T.ARRAY, [int(x) for x in types]),
        ("tokenizer.ggml.unknown_token_id", T.UINT32, unk),
        ("tokenizer.ggml.bos_token_id", T.UINT32, bos),
        ("tokenizer.ggml.eos_token_id", T.UINT32, eos),
        ("tokenizer.ggml.add_bos_token", T.BOOL, True),
        ("tokenizer.ggml.add_eos_token", T.BOOL, False),
    ]
    if not add_space_prefix:
        keys.append(("tokenizer.ggml.add_space_prefix", T.BOOL, False))
    if chat_template:
        keys.append(("tokenizer.chat_template", T.STRING, chat_template))
    for k, v in (metadata or {}).items():
        keys.append((k, T.STRING, str(v)))
    # Written beside the target and renamed over it: a process that has the old file mmapped (a test, the app)
    # keeps reading the old inode instead of dying with SIGBUS when the file shrinks under it.
    tmp = f"{path}.tmp"
    w = gguf.GGUFWriter(tmp, "llama")
    for k, t, v in keys:
        if k in skip_keys:
            continue
        # Arrays: token scores are float32 and token types int32, as llama.cpp reads them (gguf-py would guess float32
        # for both); strings need no sub-type.
        sub = {"tokenizer.ggml.scores": T.FLOAT32, "tokenizer.ggml.token_type": T.INT32}.get(k)
        w.add_key_value(k, v, t, sub_type=sub)
    for tensor_name, array in tensors.items():
        gtype = norm_type if tensor_name.endswith("norm.weight") else quant
        array = np.ascontiguousarray(array, dtype=np.float32)
        if gtype == Q8_0:
            if array.shape[-1] % QK8_0:
                raise ValueError(f"{tensor_name}: innermost dimension {array.shape[-1]} is not a multiple of {QK8_0}")
            w.add_tensor(tensor_name, gguf.quants.quantize(array, gguf.GGMLQuantizationType.Q8_0),
                         raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        elif gtype == F16:
            w.add_tensor(tensor_name, array.astype(np.float16))
        else:
            w.add_tensor(tensor_name, array)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, path)


def sentencepiece_vocab_tuple(sp, user_defined=()):
    tokens, scores, types = sentencepiece_vocab(sp, set(user_defined))
    return tokens, scores, types, sp.unk_id(), sp.bos_id(), sp.eos_id()
