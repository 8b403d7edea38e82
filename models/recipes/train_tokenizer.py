"""Step 1: the SentencePiece BPE tokenizer shared by both policies and the PRM.

Settings are those under which llama.cpp's tokenizer reproduces SentencePiece exactly (shared/ENVIRONMENT.md):
BPE, identity normalisation, no whitespace collapsing, dummy prefix, byte fallback, digits split, unk/bos/eos =
0/1/2, trained on whole multi-line records, and no user-defined "\\n" symbol.
"""
import io
import os

import sentencepiece as spm

from common import MODELS, PROMPT, load_split, setup

VOCAB_SIZE = 512


def main():
    setup()
    records = [PROMPT.format(problem=p["problem"]) + p["solution"] for p in load_split("train")]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(records),
        model_writer=model,
        model_type="bpe",
        vocab_size=VOCAB_SIZE,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        add_dummy_prefix=True,
        byte_fallback=True,
        split_digits=True,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        character_coverage=1.0,
        max_sentence_length=4096,
        allow_whitespace_only_pieces=True,
        split_by_whitespace=True,
        num_threads=2,
        minloglevel=2,
    )
    out = os.path.join(MODELS, "mull-tokenizer.model")
    with open(out, "wb") as f:
        f.write(model.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    lengths = [len(sp.encode(r)) for r in records[:2000]]
    print(f"wrote {out}: vocab {sp.get_piece_size()}, mean tokens per record {sum(lengths) / len(lengths):.1f}, max {max(lengths)}")


if __name__ == "__main__":
    main()
