import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

describe("concurrent candidates share one evaluation of their prefix (smaller policy)", () => {
  let shared: LlamaPolicy;
  let separate: LlamaPolicy;
  beforeAll(async () => {
    shared = await LlamaPolicy.load(EMBEDDED.policySmall, { sequences: 4 });
    separate = await LlamaPolicy.load(EMBEDDED.policySmall, { sequences: 4, prefixReuse: false });
  });
  afterAll(async () => {
    await Promise.all([shared?.dispose(), separate?.dispose()]);
  });

  it("evaluates the prefix once plus each candidate's last prefix token, and says so in each cost", async () => {
    const problem = "Compute 17 * 3 + 8.";
    const prefix = shared.prefixTokens(problem, []);
    const before = shared.evaluatedByEngine;
    const candidates = await shared.expand(problem, [], 4, { temperature: 1, seed: 5 });
    const evaluated = candidates.reduce((n, c) => n + c.cost.evaluatedTokens, 0);
    expect(evaluated).toBe(prefix.length - 1 + 4);
    for (const c of candidates) expect(c.cost.evaluatedTokens + c.cost.reusedTokens).toBe(prefix.length);
    // The engine's own meters agree: prefix work plus the sampled tokens fed back. A candidate's last token is fed
    // back only when the model went on to sample end-of-sequence, which is not among its tokens.
    const fedBack = candidates.reduce((n, c) => n + c.tokens.length - (c.finishReason === "eos" ? 0 : 1), 0);
    expect(shared.evaluatedByEngine - before).toBe(evaluated + fedBack);
  });

  it("with reuse off, evaluates the whole prefix for every candidate", async () => {
    const problem = "Compute 17 * 3 + 8.";
    const prefix = separate.prefixTokens(problem, []);
    const candidates = await separate.expand(problem, [], 4, { temperature: 1, seed: 5 });
    for (const c of candidates) expect(c.cost.evaluatedTokens).toBe(prefix.length);
  });

  it("samples the same candidates from copied KV state as from evaluated state", async () => {
    const problem = "Solve for x: 3x - 5 = 16";
    const a = await shared.expand(problem, [], 4, { temperature: 1, seed: 21 });
    const b = await separate.expand(problem, [], 4, { temperature: 1, seed: 21 });
    expect(a.map((c) => c.text)).toEqual(b.map((c) => c.text));
  });
});
