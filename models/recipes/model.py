"""A llama-architecture decoder small enough to train on two CPU cores, laid out so that its weights map one to
one onto llama.cpp's `llama` tensors: RMSNorm, rotary embeddings on adjacent pairs (llama.cpp's "normal" rope,
so no q/k permutation is needed on export), SwiGLU feed-forward, untied output head."""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab: int = 512
    dim: int = 192
    layers: int = 4
    heads: int = 6
    ff: int = 512
    context: int = 256
    rope_base: float = 10000.0
    eps: float = 1e-5

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg: Config, length: int):
    head_dim = cfg.dim // cfg.heads
    inv = 1.0 / (cfg.rope_base ** (torch.arange(0, head_dim, 2).float() / head_dim))
    angles = torch.arange(length).float()[:, None] * inv[None, :]
    return torch.cos(angles), torch.sin(angles)


def apply_rope(x, cos, sin):
    # x: [batch, heads, seq, head_dim]; rotate (x[2i], x[2i+1]) pairs as llama.cpp's LLAMA_ROPE_TYPE_NORM does.
    x1 = x[..., 0::2]
    x2 = x[..., 1::2]
    r1 = x1 * cos - x2 * sin
    r2 = x1 * sin + x2 * cos
    return torch.stack((r1, r2), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.heads = cfg.heads
        self.attn_norm = RMSNorm(cfg.dim, cfg.eps)
        self.wq = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.wk = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.wv = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.wo = nn.Linear(cfg.dim, cfg.dim, bias=False)
        self.ffn_norm = RMSNorm(cfg.dim, cfg.eps)
        self.w1 = nn.Linear(cfg.dim, cfg.ff, bias=False)  # gate
        self.w3 = nn.Linear(cfg.dim, cfg.ff, bias=False)  # up
        self.w2 = nn.Linear(cfg.ff, cfg.dim, bias=False)  # down

    def forward(self, x, cos, sin, mask):
        b, t, d = x.shape
        h = self.attn_norm(x)
        shape = (b, t, self.heads, d // self.heads)
        q = apply_rope(self.wq(h).view(shape).transpose(1, 2), cos, sin)
        k = apply_rope(self.wk(h).view(shape).transpose(1, 2), cos, sin)
        v = self.wv(h).view(shape).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.wo(y)
        h = self.ffn_norm(x)
        return x + self.w2(F.silu(self.w1(h)) * self.w3(h))


class Llama(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab, cfg.dim)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.dim, cfg.eps)
        self.out = nn.Linear(cfg.dim, cfg.vocab, bias=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02 / (math.sqrt(2 * cfg.layers) if name.endswith(("wo.weight", "w2.weight")) else 1))

    def hidden(self, ids, attention_mask=None, positions=None, visible=None):
        """ids [batch, t] → hidden states [batch, t, dim]. By default causal over positions 0..t-1 (attention_mask
        [batch, t] hides padding). A packed training sequence (train_reader.py) passes its own positions [batch, t]
        (rotary positions as at inference) and visible [batch, t, t] (bool: may token i attend to token j)."""
        t = ids.shape[1]
        if positions is None:
            cos, sin = rope_tables(self.cfg, t)
        else:
            cos, sin = rope_tables(self.cfg, int(positions.max()) + 1)
            cos, sin = cos[positions][:, None], sin[positions][:, None]  # [batch, 1, t, head_dim / 2]
        if visible is not None:
            mask = (~visible).float()[:, None, :, :] * -1e9
        else:
            # A causal mask built from arange (ONNX opset-friendly, no tril) with -1e9 rather than -inf.
            pos = torch.arange(t)
            mask = (pos[None, :] > pos[:, None]).float() * -1e9
            mask = mask[None, None, :, :]
            if attention_mask is not None:
                mask = mask + (1.0 - attention_mask[:, None, None, :].float()) * -1e9
        x = self.embed(ids)
        for block in self.blocks:
            x = block(x, cos, sin, mask)
        return self.norm(x)

    def forward(self, ids, positions=None, visible=None):
        return self.out(self.hidden(ids, positions=positions, visible=visible))

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())


def gguf_hparams(cfg: Config):
    return {"vocab": cfg.vocab, "dim": cfg.dim, "layers": cfg.layers, "heads": cfg.heads, "ff": cfg.ff,
            "context": cfg.context, "rope_base": cfg.rope_base, "eps": cfg.eps}


def gguf_names(layers: int):
    """PyTorch parameter name -> llama.cpp tensor name, in the order the GGUF writes them."""
    names = {"embed.weight": "token_embd.weight"}
    for i in range(layers):
        for ours, theirs in [("attn_norm", "attn_norm"), ("wq", "attn_q"), ("wk", "attn_k"), ("wv", "attn_v"),
                             ("wo", "attn_output"), ("ffn_norm", "ffn_norm"), ("w1", "ffn_gate"), ("w3", "ffn_up"),
                             ("w2", "ffn_down")]:
            names[f"blocks.{i}.{ours}.weight"] = f"blk.{i}.{theirs}.weight"
    names["norm.weight"] = "output_norm.weight"
    names["out.weight"] = "output.weight"
    return names


def gguf_tensors(model: Llama):
    """The model's weights under llama.cpp's tensor names, as float32 numpy arrays."""
    state = model.state_dict()
    return {theirs: state[ours].detach().float().numpy() for ours, theirs in gguf_names(model.cfg.layers).items()}
