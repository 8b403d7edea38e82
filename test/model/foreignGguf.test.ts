import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";
import { validateGguf } from "../../src-main/core/models/validateGguf.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { scratchDir } from "../helpers/brokenFiles.js";
import { canRunWriter, python } from "../helpers/ggufWriter.js";

const fixtures = join(import.meta.dirname, "../fixtures");

describe("GGUF files Mull did not train", () => {
  it.runIf(canRunWriter)("are what the recipe's GGUF writer makes today (fixtures regenerate byte for byte)", () => {
    const dir = scratchDir();
    execFileSync(python, [join(import.meta.dirname, "../../models/recipes/make_test_ggufs.py"), dir]);
    for (const f of ["foreign.gguf", "f16-norms.gguf", "missing-head-count.gguf"]) {
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(fixtures, f))), f).toBe(true);
    }
  });

  it("a foreign model (other vocabulary and shape, GQA, chat template) loads and generates", async () => {
    const info = await validateGguf(join(fixtures, "foreign.gguf"));
    expect(info.metadata.llama?.attention?.head_count_kv).toBe(2);
    const vocabSize = (info.metadata.tokenizer?.ggml?.tokens as unknown[]).length;
    expect(vocabSize).toBe(312);
    const policy = await LlamaPolicy.load(join(fixtures, "foreign.profile.json"), { sequences: 2 });
    try {
      // The chat template from the GGUF frames the prompt: system and user turns, then the open model turn.
      const prompt = policy.model.detokenize(policy.prefixTokens("What is 2 + 2?", ["First step"]), true);
      expect(prompt).toMatch(
        /<\|im_start\|>\s?system\nReason step by step[\s\S]*<\|im_start\|>\s?user\nWhat is 2 \+ 2\?<\|im_end\|>[\s\S]*<\|im_start\|>\s?assistant\nFirst step\n\n$/,
      );
      const candidates = await policy.expand("What is 2 + 2?", [], 2, { temperature: 1, seed: 3 });
      expect(candidates).toHaveLength(2);
      for (const c of candidates) {
        expect(c.tokens.length).toBeGreaterThan(0);
        expect(c.tokens.every((t) => t >= 0 && t < vocabSize)).toBe(true);
      }
    } finally {
      await policy.dispose();
    }
  });

  it("F16 norm weights and a missing head count are refused before llama.cpp sees them", async () => {
    const f16 = await validateGguf(join(fixtures, "f16-norms.gguf")).catch((e: unknown) => e);
    expect(f16).toBeInstanceOf(ModelFileError);
    expect((f16 as Error).message).toBe(
      'f16-norms.gguf: norm tensor "blk.0.attn_norm.weight" is type 1, llama.cpp needs F32 (0)',
    );
    const missing = await validateGguf(join(fixtures, "missing-head-count.gguf")).catch((e: unknown) => e);
    expect((missing as Error).message).toBe(
      'missing-head-count.gguf: missing required key "llama.attention.head_count"',
    );
  });
});
