import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

describe.each([
  ["larger policy", EMBEDDED.policyLarge],
  ["smaller policy", EMBEDDED.policySmall],
])("embedded %s on node-llama-cpp (CPU)", (_name, profile) => {
  let policy: LlamaPolicy;
  beforeAll(async () => {
    policy = await LlamaPolicy.load(profile, { sequences: 4 });
  });
  afterAll(async () => {
    await policy?.dispose();
  });

  it("answers 'Solve for x: 2x + 3 = 7' in the step format, ending with an Answer line", async () => {
    const s = await policy.generateSolution("Solve for x: 2x + 3 = 7");
    const lines = s.text.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    lines.slice(0, -1).forEach((line, i) => expect(line).toMatch(new RegExp(`^Step ${i + 1}: .+`)));
    expect(lines.at(-1)).toMatch(/^Answer: -?\d+$/);
    expect(s.finishReason).toBe("answer");
    expect(s.answer).toBe(lines.at(-1)?.slice("Answer: ".length));
    expect(s.generatedTokens).toBeGreaterThan(10);
  });

  it("is deterministic for a sampling seed and varies across seeds", async () => {
    const problem = "Compute (7 + 5) * 3 - 4.";
    const a = await policy.generateSolution(problem, { temperature: 1, seed: 3 });
    const b = await policy.generateSolution(problem, { temperature: 1, seed: 3 });
    expect(b.text).toBe(a.text);
    const texts = await Promise.all(
      [11, 12, 13, 14, 15, 16].map((seed) => policy.generateSolution(problem, { temperature: 1.5, seed })),
    );
    expect(new Set(texts.map((t) => t.text)).size).toBeGreaterThan(1);
  });
});
