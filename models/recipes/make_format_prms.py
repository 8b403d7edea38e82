"""Tiny ONNX reward models, one per PRM input format the reward engine reads, so every format is tested through the
real onnxruntime-node runtime without downloading a real PRM. Random weights (fixed seed): the scores mean nothing,
only their shapes and where they are read matter. Each model comes with a Hugging Face tokenizer.json (written here
as plain JSON) and a profile. Also writes two deliberately broken models for the bad-input tests.

    /usr/bin/python3 models/recipes/make_format_prms.py    (a few seconds; no OPENBLAS_CORETYPE needed)
"""
import json
import math
import os

import torch
import torch.nn as nn

SEED = 20261123
MODELS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Test fixtures, not bundled models: the model library would otherwise list them as the user's.
OUT = os.path.join(MODELS, "..", "test", "fixtures", "prm-formats")
GGUF_VOCAB = 512  # mull-policy-2m.gguf's vocabulary: the token-score model also serves a GGUF-tokenizer profile
PROMPT = "Problem: {problem}\n"
SPECIALS = ["<unk>", "<s>", "</s>", "<pad>"]
# Whole words of the step-math domain, merged character by character, so the tokenizer is a real (small) BPE.
WORDS = ["Step", "Answer", "Problem", "Solve", "for", "the", "and", "is", "of", "Next", "First", "term", "each"]
# Pre-tokenizer: whitespace runs, letter runs, single digits, single other characters (GPT-2-like, ASCII only).
SPLIT = r"\s+|[A-Za-z]+|[0-9]|[^\sA-Za-z0-9]"


def tokenizer_json(added, bos):
    """A BPE tokenizer.json in the format of Hugging Face tokenizers: printable ASCII characters, merges for WORDS,
    the special tokens, and `added` tokens (a step tag or separator) matched before pre-tokenization."""
    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for ch in ["\n", "\t"] + [chr(c) for c in range(32, 127)]:
        vocab.setdefault(ch, len(vocab))
    merges = []
    for word in WORDS:
        for end in range(2, len(word) + 1):
            left, right = word[: end - 1], word[end - 1]
            if word[:end] not in vocab:
                merges.append(f"{left} {right}")
                vocab[word[:end]] = len(vocab)
    for token in added:
        vocab[token] = len(vocab)
    entry = lambda t, special: {  # noqa: E731
        "id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
        "normalized": False, "special": special,
    }
    processor = None
    if bos:
        processor = {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [vocab["<s>"]], "tokens": ["<s>"]}},
        }
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [entry(t, True) for t in SPECIALS] + [entry(t, False) for t in added],
        "normalizer": None,
        "pre_tokenizer": {"type": "Split", "pattern": {"Regex": SPLIT}, "behavior": "Isolated", "invert": False},
        "post_processor": processor,
        "decoder": {"type": "Fuse"},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
            "vocab": vocab, "merges": merges,
        },
    }


class TinyPrm(nn.Module):
    """One-layer causal transformer. `head` picks the output: token scores in [0,1] [B,S], LM logits [B,S,V],
    2-class logits [B,S,2], or a raw value [B,S,1]. Masks are built from arange and use -1e9, not -inf or tril,
    so the graph exports at opset 14 and stays finite under onnxruntime's optimizations."""

    def __init__(self, vocab, head, dim=32, float_ids=False):
        super().__init__()
        self.head, self.float_ids, self.dim = head, float_ids, dim
        self.embed = nn.Embedding(vocab, dim)
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))
        width = {"token-score": 1, "step-tag": vocab, "separator-2class": 2, "value-head": 1}[head]
        self.out = nn.Linear(dim, width)
        with torch.no_grad():
            self.out.weight.mul_(4.0)  # spread the outputs, so a score read at the wrong position shows

    def forward(self, input_ids, attention_mask):
        ids = input_ids.long() if self.float_ids else input_ids
        seq = ids.shape[1]
        pos = torch.arange(seq).float()[:, None]
        freq = torch.exp(torch.arange(0, self.dim, 2).float() * (-math.log(10000.0) / self.dim))
        x = self.embed(ids) + torch.cat([torch.sin(pos * freq), torch.cos(pos * freq)], dim=-1)
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        i = torch.arange(seq)
        causal = (i[None, :] > i[:, None]).float() * -1e9  # [S, S]: no looking ahead
        padding = (1.0 - attention_mask[:, None, :].float()) * -1e9  # [B, 1, S]: no attending to padding
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(self.dim) + causal + padding, dim=-1)
        x = x + self.proj(att @ v)
        y = self.out(x + self.ff(self.norm2(x)))
        if self.head == "token-score":
            return torch.sigmoid(y.squeeze(-1))
        return y


def export(model, path, inputs=("input_ids", "attention_mask"), output="scores", float_ids=False):
    ids = torch.randint(4, 40, (2, 7), dtype=torch.int64)
    example = (ids.float() if float_ids else ids, torch.ones(2, 7, dtype=torch.int64))
    model.eval()
    torch.onnx.export(
        model, example, path, opset_version=14, input_names=list(inputs), output_names=[output],
        dynamic_axes={inputs[0]: {0: "batch", 1: "seq"}, inputs[1]: {0: "batch", 1: "seq"}, output: {0: "batch", 1: "seq"}},
    )
    print(f"{os.path.relpath(path, MODELS)}: {os.path.getsize(path) / 1024:.0f} KiB")


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


# name -> (added tokens, BOS, model output name, profile fields beyond the common ones)
FORMATS = {
    "token-score": ([], True, "scores", {}),
    "step-tag": ([" ки"], True, "logits", {"stepTag": " ки", "positiveToken": "+", "negativeToken": "-"}),
    "separator-2class": (["<extra_0>"], False, "logits", {"separator": "<extra_0>", "classIndex": 1, "stepDelimiter": ""}),
    "value-head": ([], True, "values", {"sigmoid": True}),
}
DESCRIPTIONS = {
    "token-score": "per-token score in [0,1] read at each step's last token (the embedded PRM's format)",
    "step-tag": "Math-Shepherd style: each step ends with the tag ' ки'; score = P('+') of softmax over the '+'/'-' logits there",
    "separator-2class": "Qwen2.5-Math-PRM style: '<extra_0>' after each step; score = softmax of a 2-class head there, class 1",
    "value-head": "Skywork style: a scalar value per token read at each step's last token, through a sigmoid",
}


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    os.makedirs(os.path.join(OUT, "broken"), exist_ok=True)
    for name, (added, bos, output, fields) in FORMATS.items():
        tok = tokenizer_json(added, bos)
        write_json(os.path.join(OUT, f"{name}.tokenizer.json"), tok)
        vocab = len(tok["model"]["vocab"])
        # The token-score model is also read through the policy's GGUF vocabulary, so it has room for both; the
        # others have exactly their tokenizer's vocabulary (the bad-input tests overflow it on purpose).
        rows = max(vocab, GGUF_VOCAB) if name == "token-score" else vocab
        export(TinyPrm(rows, name), os.path.join(OUT, f"{name}.onnx"), output=output)
        profile = {
            "kind": "prm", "model": f"{name}.onnx",
            "description": f"Test-only tiny PRM with random weights: {DESCRIPTIONS[name]}.",
            "tokenizer": {"format": "tokenizer.json", "path": f"{name}.tokenizer.json"},
            "format": name, "prompt": PROMPT, "addBos": bos, "output": output, **fields,
        }
        write_json(os.path.join(OUT, f"{name}.profile.json"), profile)
    write_json(os.path.join(OUT, "token-score-gguf.profile.json"), {
        "kind": "prm", "model": "token-score.onnx",
        "description": "Test-only: the token-score model read through the small policy's GGUF vocabulary.",
        "tokenizer": {"format": "gguf", "path": "../../../models/mull-policy-2m.gguf"},
        "format": "token-score", "prompt": PROMPT, "addBos": True, "output": "scores",
    })
    vocab = len(tokenizer_json([], True)["model"]["vocab"])
    export(TinyPrm(vocab, "token-score"), os.path.join(OUT, "broken", "wrong-input-names.onnx"), inputs=("ids", "mask"))
    export(TinyPrm(vocab, "token-score", float_ids=True), os.path.join(OUT, "broken", "float-ids.onnx"), float_ids=True)


if __name__ == "__main__":
    main()
