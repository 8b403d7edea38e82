"""Is a policy over-confident? Fits the temperature that minimises its loss on a split's canonical solutions
(teacher-forced), over all solution tokens and over the digit tokens alone, and reports how likely the right
digit was where the policy's first choice was wrong. A policy whose fitted temperature is above 1 samples too
narrowly at a given temperature; one near 1 is calibrated, and its greedy/pass@k trade-off is not a matter of
sharpness. Usage: python3 calibration.py FILE.gguf [dev|train]"""
import os
import sys

import sentencepiece as spm
import torch
import torch.nn.functional as F

from common import MODELS, load_split, setup
from gguf_reader import load_llama
from train_policy import collate, encode_records


def fitted_temperature(logits, targets):
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], max_iter=100)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), targets)
        loss.backward()
        return loss

    opt.step(closure)
    return log_t.exp().item()


@torch.no_grad()
def solution_logits(model, records):
    logits, targets = [], []
    for i in range(0, len(records), 32):
        x, y = collate(records[i : i + 32])
        out = model(x)
        keep = y != -100
        logits.append(out[keep])
        targets.append(y[keep])
    return torch.cat(logits), torch.cat(targets)


def main():
    path, split = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "dev")
    setup()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(MODELS, "mull-tokenizer.model"))
    model = load_llama(path).eval()
    logits, targets = solution_logits(model, encode_records(sp, load_split(split)))
    digit_ids = torch.tensor([sp.id_to_piece(i).lstrip("▁").isdigit() for i in range(sp.get_piece_size())])
    digits = digit_ids[targets]
    for label, mask in (("all solution tokens", torch.ones_like(digits)), ("digit tokens", digits)):
        lg, tg = logits[mask], targets[mask]
        losses = ", ".join(f"T {t}: {F.cross_entropy(lg / t, tg).item():.4f}" for t in (0.8, 1.0, 1.2))
        print(f"{label} ({len(tg)}): fitted temperature {fitted_temperature(lg, tg):.2f}; loss {losses}")
    lg, tg = logits[digits], targets[digits]
    wrong = lg.argmax(-1) != tg
    right_p = F.softmax(lg[wrong], -1)[torch.arange(int(wrong.sum())), tg[wrong]]
    print(f"first choice wrong on {int(wrong.sum())} digits; the right digit's probability there: "
          f"median {right_p.median().item():.2f}, mean {right_p.mean().item():.2f}")


if __name__ == "__main__":
    main()
