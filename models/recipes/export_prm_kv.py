"""Exports a shipped PRM of train_prm.py's design (models/mull-prm.onnx, mull-prm-v2.onnx) again in the cached form
that incremental scoring runs (src-main/core/reward/OnnxPrm.ts): the standard decoder export with past key/values,
plus the PRM's own running state. The weights are read out of the shipped ONNX file itself (its initializers,
mapped to Prm's parameters by the names of the nodes that use them), so the cached model computes exactly what
the shipped one does; no torch checkpoint is needed.

Inputs:  input_ids [batch, new] int64; attention_mask [batch, past + new] int64 (1 = a real token; the past is
         never padded, the new tokens may be right-padded); past_key_values.{layer}.key / .value
         [batch, heads, past, head_dim] float; past_state [batch, vocab + 2] float: the policy's log-probabilities
         after the last past token, the newlines seen, and the running digit-surprise excess (zeros when past = 0).
Outputs: scores [batch, new] (as mull-prm.onnx's, for the new tokens); present.{layer}.key / .value
         [batch, heads, past + new, head_dim]; state [batch, new, vocab + 2]: past_state as it stands after each new
         token, so a caller can keep the state at any step boundary.
With past = 0 and a zero past_state the scores equal the shipped model's over the whole input.
Usage: python3 export_prm_kv.py [--name mull-prm]   (writes models/<NAME>.kv.onnx)"""
import argparse
import math
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

from common import MODELS
from model import Config, Llama, apply_rope
from train_prm import Prm


def read_shipped(path):
    """(Config, Prm state dict) from a shipped PRM ONNX: named initializers as they are, and the anonymous MatMul
    weights ("onnx::MatMul_N", stored transposed) under the module of the node that multiplies by them
    ("/blocks.3/wq/MatMul" → policy.blocks.3.wq.weight)."""
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {}
    for name, value in inits.items():
        if name.startswith("onnx::"):
            continue
        state[name] = value
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits and node.input[1].startswith("onnx::"):
            module = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
            key = f"{module}.weight" if module == "head" else f"policy.{module}.weight"
            state[key] = inits[node.input[1]].T
    layers = sum(1 for k in state if k.endswith(".wq.weight"))
    vocab, dim = state["policy.embed.weight"].shape
    ff = state["policy.blocks.0.w1.weight"].shape[0]
    # Heads: the per-head score scale sqrt(head_dim) is a constant in the graph (Block.forward's division).
    scales = [float(numpy_helper.to_array(n.attribute[0].t)) for n in graph.node
              if n.op_type == "Constant" and n.name.startswith("/blocks.0/Constant") and n.attribute[0].t.data_type == 1
              and numpy_helper.to_array(n.attribute[0].t).size == 1]
    head_dim = next(int(round(s * s)) for s in scales if s > 1 and abs(s * s - round(s * s)) < 1e-3)
    cfg = Config(vocab=vocab, dim=dim, layers=layers, heads=dim // head_dim, ff=ff)
    return cfg, {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}


class CachedPrm(nn.Module):
    """Prm.forward over new tokens only, given the past's keys/values and running state (see the module doc)."""

    def __init__(self, prm: Prm):
        super().__init__()
        self.prm = prm
        self.cfg = prm.policy.cfg

    def forward(self, input_ids, attention_mask, past_state, *past):
        cfg, policy = self.cfg, self.prm.policy
        b, t = input_ids.shape
        p = past[0].shape[2]
        head_dim = cfg.dim // cfg.heads
        # Rotary tables for positions p .. p+t-1, as rope_tables computes them for the whole input.
        inv = 1.0 / (cfg.rope_base ** (torch.arange(0, head_dim, 2).float() / head_dim))
        pos = torch.arange(t) + p
        angles = pos.float()[:, None] * inv[None, :]
        cos, sin = torch.cos(angles), torch.sin(angles)
        # Query i (absolute position p+i) sees keys 0..p+i, and no padding.
        keys = torch.arange(t) + p
        causal = (torch.arange(attention_mask.shape[1])[None, :] > keys[:, None]).float() * -1e9
        mask = causal[None, None] + (1.0 - attention_mask[:, None, None, :].float()) * -1e9
        x = policy.embed(input_ids)
        presents = []
        for i, block in enumerate(policy.blocks):
            h = block.attn_norm(x)
            shape = (b, t, block.heads, head_dim)
            q = apply_rope(block.wq(h).view(shape).transpose(1, 2), cos, sin)
            k = apply_rope(block.wk(h).view(shape).transpose(1, 2), cos, sin)
            v = block.wv(h).view(shape).transpose(1, 2)
            k = torch.cat([past[2 * i], k], dim=2)
            v = torch.cat([past[2 * i + 1], v], dim=2)
            presents += [k, v]
            att = (q @ k.transpose(-1, -2)) / math.sqrt(head_dim) + mask
            y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, cfg.dim)
            x = x + block.wo(y)
            h = block.ffn_norm(x)
            x = x + block.w2(F.silu(block.w1(h)) * block.w3(h))
        hidden = policy.norm(x)
        logp = F.log_softmax(policy.out(hidden), dim=-1)
        vocab = cfg.vocab
        last_logp, newlines_before, excess_before = past_state[:, :vocab], past_state[:, vocab], past_state[:, vocab + 1]
        # Prm.features: the surprise at each token under the previous position's distribution (the past's last one
        # for the first new token; all zeros when there is no past, as Prm's left pad), counted for digits after
        # the prompt's newline.
        previous = torch.cat([last_logp[:, None, :], logp[:, :-1]], dim=1)
        surprise = -previous.gather(-1, input_ids.unsqueeze(-1)).squeeze(-1)
        newline = self.prm.is_newline[input_ids]
        newlines = newlines_before[:, None] + torch.cumsum(newline, dim=1)
        after_prompt = (newlines - newline) > 0
        surprise = surprise * self.prm.is_digit[input_ids] * after_prompt.float()
        # Prm.combine, its cumulative sum continued from the past's.
        excess = excess_before[:, None] + torch.cumsum(
            F.relu(surprise - self.prm.tau) * (surprise > 0).float(), dim=1)
        scores = torch.sigmoid(self.prm.head(hidden).squeeze(-1) + self.prm.w * torch.log1p(excess))
        state = torch.cat([logp, newlines[..., None], excess[..., None]], dim=-1)
        return (scores, *presents, state)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="mull-prm", help="reads models/<NAME>.onnx, writes models/<NAME>.kv.onnx")
    args = ap.parse_args()
    torch.manual_seed(0)
    source = os.path.join(MODELS, f"{args.name}.onnx")
    cfg, state = read_shipped(source)
    prm = Prm(Llama(cfg), [0], [0])
    prm.load_state_dict(state, strict=True)
    prm.eval()
    model = CachedPrm(prm).eval()

    # Check against the plain Prm forward: the whole input at once, then the same input split at every cut.
    ids = torch.randint(0, cfg.vocab, (2, 40))
    newline = int(torch.nonzero(prm.is_newline)[0])
    ids[:, 0], ids[:, 12] = 1, newline
    head_dim = cfg.dim // cfg.heads
    empty = [torch.zeros(2, cfg.heads, 0, head_dim) for _ in range(2 * cfg.layers)]
    zero_state = torch.zeros(2, cfg.vocab + 2)
    with torch.no_grad():
        full = prm(ids, torch.ones_like(ids))
        whole = model(ids, torch.ones_like(ids), zero_state, *empty)[0]
        worst = float((whole - full).abs().max())
        for cut in (1, 13, 27):
            first = model(ids[:, :cut], torch.ones(2, cut, dtype=torch.long), zero_state, *empty)
            rest = model(ids[:, cut:], torch.ones_like(ids), first[-1][:, -1], *first[1:-1])[0]
            worst = max(worst, float((rest - full[:, cut:]).abs().max()))
    print(f"cached vs whole-input scores in torch: max |difference| {worst:.2e}")
    assert worst < 1e-5, worst

    out = os.path.join(MODELS, f"{args.name}.kv.onnx")
    cut = 13
    with torch.no_grad():
        first = model(ids[:, :cut], torch.ones(2, cut, dtype=torch.long), zero_state, *empty)
    kv_names = [f"past_key_values.{i}.{kind}" for i in range(cfg.layers) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(cfg.layers) for kind in ("key", "value")]
    axes = {"input_ids": {0: "batch", 1: "new"}, "attention_mask": {0: "batch", 1: "total"},
            "past_state": {0: "batch"}, "scores": {0: "batch", 1: "new"}, "state": {0: "batch", 1: "new"}}
    axes.update({n: {0: "batch", 2: "past"} for n in kv_names})
    axes.update({n: {0: "batch", 2: "total"} for n in present_names})
    torch.onnx.export(
        model,
        (ids[:, cut:], torch.ones_like(ids), first[-1][:, -1], *first[1:-1]),
        out,
        input_names=["input_ids", "attention_mask", "past_state", *kv_names],
        output_names=["scores", *present_names, "state"],
        dynamic_axes=axes,
        opset_version=14,
    )
    print(f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB): {cfg}")


if __name__ == "__main__":
    main()
