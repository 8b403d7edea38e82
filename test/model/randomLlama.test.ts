import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureRandomLlama, randomLlamaParameters, type RandomLlamaShape } from "../../bench/randomLlama.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { scratchDir } from "../helpers/brokenFiles.js";
import { canRunWriter, llamaCpp, python } from "../helpers/ggufWriter.js";

// The bench's random model is written by the recipes' GGUF writer (llama.cpp's gguf-py, numpy), as foreignGguf's
// fixtures are. CI clones llama.cpp's source (.ci/run), so there a missing writer is a fault, not a skip.
if (!canRunWriter) {
  const why = `no ${python} with numpy, or no gguf-py in ${llamaCpp}`;
  if (process.env.CI) throw new Error(`the random-model writer cannot run in CI: ${why}`);
  console.warn(`skipping the random-model tests: ${why}`);
}

// Tiny shapes: what is checked is the writer and the loading, not speed.
const shapes: RandomLlamaShape[] = [
  { dim: 64, layers: 2, heads: 4, ff: 96, context: 64, type: "f16" },
  { dim: 64, layers: 2, heads: 4, ff: 96, context: 64, type: "q8_0" },
];

describe.runIf(canRunWriter)("the bench's random-weight llama GGUF", () => {
  for (const shape of shapes) {
    it(`${shape.type}: is written once with the embedded vocabulary, loads in node-llama-cpp and decodes`, async () => {
      const dir = scratchDir();
      const model = await ensureRandomLlama(shape, { dir });
      expect(model.writeSeconds).not.toBeNull();
      // Every tensor the shape implies, with the embedded 6M policy's 512-token vocabulary.
      expect(model.parameters).toBe(randomLlamaParameters(shape, 512));
      expect(model.bytes).toBe(statSync(model.gguf).size);
      const again = await ensureRandomLlama(shape, { dir });
      expect(again.writeSeconds).toBeNull();
      expect(again.gguf).toBe(model.gguf);

      const policy = await LlamaPolicy.load(model.profile, { sequences: 2, threads: 1, contextSize: shape.context });
      try {
        // The embedded tokenizer's vocabulary: the prompt's tokens are the embedded policy's.
        const embedded = await LlamaPolicy.load(join(import.meta.dirname, "../../models/mull-policy-6m.profile.json"));
        try {
          expect(policy.prefixTokens("What is 2 + 3?", [])).toEqual(embedded.prefixTokens("What is 2 + 3?", []));
        } finally {
          await embedded.dispose();
        }
        const candidates = await policy.expand("What is 2 + 3?", [], 2, { temperature: 1, seed: 1 });
        expect(candidates).toHaveLength(2);
        for (const c of candidates) {
          expect(c.cost.generatedTokens).toBeGreaterThan(0);
          expect(c.tokens.every((t) => t >= 0 && t < 512)).toBe(true);
        }
      } finally {
        await policy.dispose();
      }
    });
  }

  it("a writer that cannot run is one line naming the file and the interpreter", async () => {
    const dir = scratchDir();
    const err = await ensureRandomLlama(shapes[0] as RandomLlamaShape, { dir, python: join(dir, "no-python") }).catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /could not write the random model .*random-llama-d64.*no-python random_llama\.py: /,
    );
  });
});
