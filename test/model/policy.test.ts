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

describe("a whole solution and the same solution step by step", () => {
  let policy: LlamaPolicy;
  beforeAll(async () => {
    policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 2 });
  });
  afterAll(async () => {
    await policy?.dispose();
  });

  // Greedy decoding is the same tokens either way, so the answers must agree; multi-digit answers are where a
  // rollout that stopped at the first character of its answer line ("Answer: 2" for "Answer: 26") was caught.
  it.each([
    "What is the 5th term of the arithmetic sequence 14, 17, 20, 23, ...?",
    "Solve for x: 2x + 13 = 47",
    "Compute (12 + 9) * 3 - 15.",
  ])("agree on the answer of %j at temperature 0", async (problem) => {
    const whole = await policy.generateSolution(problem);
    const path: string[] = [];
    let answer: string | undefined;
    for (let depth = 0; depth < 16 && answer === undefined; depth++) {
      const [step] = await policy.expand(problem, path, 1, { temperature: 0 });
      if (!step) break;
      path.push(step.text);
      answer = step.answer;
    }
    expect(answer).toBeDefined();
    expect(whole.answer).toBe(answer);
    expect(whole.text.split("\n").at(-1)).toBe(`Answer: ${answer}`);
    expect(answer?.length).toBeGreaterThan(1);
  });
});

describe("Policy.expand and rollout on the embedded smaller policy", () => {
  let policy: LlamaPolicy;
  const problem = "Solve for x: 5x - 4 = 21";
  beforeAll(async () => {
    policy = await LlamaPolicy.load(EMBEDDED.policySmall, { sequences: 4 });
  });
  afterAll(async () => {
    await policy?.dispose();
  });

  it("returns k candidate next steps with exact, per-candidate accounting", async () => {
    const prefix = policy.prefixTokens(problem, []);
    const candidates = await policy.expand(problem, [], 4, { temperature: 1, seed: 10 });
    expect(candidates).toHaveLength(4);
    for (const c of candidates) {
      expect(c.text).toMatch(/^Step 1: /);
      expect(c.text).not.toContain("\n");
      expect(c.finishReason).toBe("step");
      expect(c.cost.generatedTokens).toBe(c.tokens.length);
      expect(c.tokenLogProbs).toHaveLength(c.tokens.length);
      expect(c.logProb).toBeCloseTo(
        c.tokenLogProbs.reduce((a, b) => a + b, 0),
        9,
      );
      expect(c.logProb).toBeLessThan(0);
      expect(c.cost.evaluatedTokens + c.cost.reusedTokens).toBe(prefix.length);
    }
  });

  it("evaluates only the new suffix when a path extends one already in a sequence's cache", async () => {
    const [first] = await policy.expand(problem, [], 1, { temperature: 0 });
    const full = policy.prefixTokens(problem, [first!.text]);
    const [second] = await policy.expand(problem, [first!.text], 1, { temperature: 0 });
    expect(second!.cost.reusedTokens).toBeGreaterThan(policy.prefixTokens(problem, []).length - 1);
    expect(second!.cost.evaluatedTokens).toBe(full.length - second!.cost.reusedTokens);
    expect(second!.cost.evaluatedTokens).toBeLessThan(5);
  });

  it("rolls out from a partial path to an answer", async () => {
    const [first] = await policy.expand(problem, [], 1, { temperature: 0 });
    const r = await policy.rollout(problem, [first!.text], { temperature: 0 });
    expect(r.finishReason).toBe("answer");
    expect(r.text.split("\n").at(-1)).toMatch(/^Answer: /);
    expect(r.text).not.toContain(first!.text);
  });

  it("stops promptly when aborted and says so", async () => {
    const controller = new AbortController();
    const pending = policy.rollout(problem, [], { temperature: 1, seed: 1 }, controller.signal);
    controller.abort();
    const r = await pending;
    expect(r.finishReason).toBe("aborted");
    expect(r.cost.generatedTokens).toBeLessThanOrEqual(2);
  });

  it("decodes nothing for candidates cancelled before they got a sequence (a search's queued steps)", async () => {
    // 32 candidates on 4 sequences: 28 wait for one. Once cancelled, each must return at once, not evaluate its
    // prefix and sample a token only to throw it away (2,000 chains' worth of that kept Ctrl-C waiting seconds).
    const controller = new AbortController();
    controller.abort();
    const prefix = policy.prefixTokens(problem, []);
    const candidates = await policy.expand(problem, [], 32, { temperature: 1, seed: 2 }, controller.signal);
    expect(candidates).toHaveLength(32);
    for (const c of candidates) {
      expect(c.finishReason).toBe("aborted");
      expect(c.cost.generatedTokens).toBe(0);
    }
    // At most the one shared prefill of the prompt was evaluated, charged to the first candidate.
    expect(candidates.reduce((sum, c) => sum + c.cost.evaluatedTokens, 0)).toBeLessThanOrEqual(prefix.length);
  });
});
