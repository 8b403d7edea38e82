import { describe, expect, it } from "vitest";
import { AnnotationOptionError } from "../../../src-main/core/annotate/AnnotationOptionError.js";
import {
  annotateSolution,
  firstBadPrefix,
  prefixSeed,
  type AnnotateSolutionOptions,
} from "../../../src-main/core/annotate/annotateSolution.js";
import { annotateProblem } from "../../../src-main/core/annotate/annotateProblem.js";
import { sampleSolutions } from "../../../src-main/core/annotate/sampleSolutions.js";
import { StubRollouts, type StubOptions } from "./StubRollouts.js";

const N = 4;
const steps = (n: number, answer: string | null): string[] => [
  ...Array.from({ length: n }, (_, i) => `Step ${i + 1}: s${i + 1}`),
  ...(answer === null ? [] : [`Answer: ${answer}`]),
];

function options(stub: StubRollouts, o: Partial<AnnotateSolutionOptions> = {}): AnnotateSolutionOptions {
  return {
    policy: stub,
    problemId: "t-1",
    problem: "What is 6 * 7?",
    reference: "42",
    steps: steps(4, "41"),
    answer: "41",
    method: "mc",
    rollouts: N,
    sampling: { temperature: 0.8, seed: 3 },
    maxDepth: 10,
    ...o,
  };
}

const stub = (reaching: StubOptions["reaching"], o: Partial<StubOptions> = {}) => new StubRollouts({ reaching, ...o });

describe("Math-Shepherd labels (mc)", () => {
  it("soft = fraction of N completions reaching the reference, hard = any; the answer line by the answer check", async () => {
    const policy = stub({ 1: 4, 2: 2, 3: 0, 4: 1 });
    const s = await annotateSolution(options(policy));
    expect(s.soft).toEqual([1, 0.5, 0, 0.25, 0]);
    expect(s.hard).toEqual([1, 1, 0, 1, 0]);
    expect(s.rolloutsPerStep).toEqual([N, N, N, N, 0]);
    expect(s.firstError).toBe(2);
    expect(s.correct).toBe(false);
    // The answer line is never continued: completions start from prefixes of 1..4 steps only.
    expect(new Set(policy.calls.map((c) => c.path.length))).toEqual(new Set([1, 2, 3, 4]));
  });

  it("counts every completion and its cost, and each distinct prefix once", async () => {
    const policy = stub({ 1: 4 });
    const s = await annotateSolution(options(policy));
    expect(s.cost.rollouts).toBe(4 * N);
    expect(s.cost.generatedTokens).toBe(4 * N * 5);
    expect(s.cost.evaluatedTokens).toBe(4 * N * 2);
    // Prefixes of 1..4 steps (3 + 2i tokens), each the one before and two tokens more: the trie holds the longest.
    expect(s.cost.distinctPrefixTokens).toBe(11);
    expect(s.cost.ms).toBe(4 * N);
  });

  it("limits each completion to the depth the profile leaves, and labels a prefix at the limit 0 without completions", async () => {
    const policy = stub({ 1: 4, 2: 4, 3: 4, 4: 4 });
    const s = await annotateSolution(options(policy, { steps: steps(4, null), answer: null, maxDepth: 3 }));
    expect(policy.batches.map((b) => b.limits.maxSteps)).toEqual([2, 1]);
    expect(s.hard).toEqual([1, 1, 0, 0]);
    expect(s.rolloutsPerStep).toEqual([N, N, 0, 0]);
    expect(s.firstError).toBe(2);
  });

  it("labels a correct answer line 1 and still probes the steps before it", async () => {
    const policy = stub({ 1: 1, 2: 0 });
    const s = await annotateSolution(options(policy, { steps: steps(2, "42"), answer: "42" }));
    expect(s.correct).toBe(true);
    expect(s.soft).toEqual([0.25, 0, 1]);
    expect(s.hard).toEqual([1, 0, 1]);
  });

  it("draws through `rollout` with the same seeds when the policy has no `rollouts`", async () => {
    const batched = stub({ 1: 2 });
    const single = stub({ 1: 2 }, { batched: false });
    const a = await annotateSolution(options(batched));
    const b = await annotateSolution(options(single));
    expect(batched.batches).toHaveLength(4);
    expect(single.calls.map((c) => c.seed)).toEqual(batched.calls.map((c) => c.seed));
    expect(a.soft).toEqual(b.soft);
    expect(a.cost).toEqual(b.cost);
  });

  it("seeds completions from the seed and the step alone, apart for each completion and step", async () => {
    const policy = stub({});
    await annotateSolution(options(policy, { maxDepth: 10 }));
    const span = N * 10;
    expect(policy.batches.map((b) => b.seed)).toEqual([0, 1, 2, 3].map((i) => prefixSeed(3, i, span)));
    // Completion j from step i samples seed + j × its step limit: all distinct within the span.
    const seeds = policy.calls.map((c) => c.seed as number);
    expect(new Set(seeds).size).toBe(seeds.length);
    const again = stub({});
    await annotateSolution(options(again, { maxDepth: 10 }));
    expect(again.calls.map((c) => c.seed)).toEqual(seeds);
  });
});

describe("OmegaPRM binary search (omega)", () => {
  it("needs no completions for a correct solution: every step 1", async () => {
    const policy = stub({});
    const s = await annotateSolution(options(policy, { method: "omega", steps: steps(5, "42"), answer: "42" }));
    expect(policy.calls).toHaveLength(0);
    expect(s.hard).toEqual([1, 1, 1, 1, 1, 1]);
    expect(s.soft).toEqual([null, null, null, null, null, 1]);
    expect(s.cost.rollouts).toBe(0);
    expect(s.firstError).toBeNull();
  });

  it("probes the midpoints, labels before the first error 1, it 0, and leaves later steps unestimated", async () => {
    // Seven steps then a wrong answer line; prefixes of 1..5 steps can still reach 42, from 6 steps on none can.
    const policy = stub({ 1: 4, 2: 4, 3: 4, 4: 3, 5: 1 });
    const s = await annotateSolution(options(policy, { method: "omega", steps: steps(7, "41") }));
    // lo 0, hi 7 (the answer line is known bad): probe 3 (good), 5 (bad), 4 (good) → first error at 5.
    expect(policy.batches.map((b) => b.path.length - 1)).toEqual([3, 5, 4]);
    expect(s.cost.rollouts).toBe(3 * N);
    expect(s.rolloutsPerStep).toEqual([0, 0, 0, N, N, N, 0, 0]);
    expect(s.hard).toEqual([1, 1, 1, 1, 1, 0, null, 0]);
    expect(s.soft).toEqual([null, null, null, 0.75, 0.25, 0, null, 0]);
    expect(s.firstError).toBe(5);
  });

  it("finds the same first error as mc when mc's labels are monotone, with fewer completions", async () => {
    const reaching = { 1: 4, 2: 2, 3: 1, 4: 0, 5: 0, 6: 0 };
    const mc = await annotateSolution(options(stub(reaching), { steps: steps(6, "41") }));
    const omega = await annotateSolution(options(stub(reaching), { method: "omega", steps: steps(6, "41") }));
    expect(mc.firstError).toBe(3);
    expect(omega.firstError).toBe(3);
    expect(mc.cost.rollouts).toBe(6 * N);
    expect(omega.cost.rollouts).toBeLessThan(mc.cost.rollouts);
    // Where both probed, both drew the same completions (the same seeds): the same soft label.
    omega.soft.forEach((v, i) => {
      if (v !== null && omega.rolloutsPerStep[i]) expect(v).toBe(mc.soft[i]);
    });
  });

  it("probes the last step when no answer line says the solution is wrong", async () => {
    const policy = stub({ 1: 1, 2: 1, 3: 1 });
    const s = await annotateSolution(options(policy, { method: "omega", steps: steps(3, null), answer: null }));
    expect(policy.batches.map((b) => b.path.length - 1)).toEqual([1, 2]);
    expect(s.hard).toEqual([1, 1, 1]);
    expect(s.firstError).toBeNull();
  });

  it("binary search probes at most ⌈log2(n + 1)⌉ prefixes, and finds the first bad one of a monotone sequence", async () => {
    for (let n = 1; n <= 17; n++)
      for (let bad = 0; bad <= n; bad++) {
        const probed: number[] = [];
        const first = await firstBadPrefix(n, async (i) => (probed.push(i), i < bad ? 1 : 0));
        expect(first).toBe(bad);
        expect(probed.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n + 1)));
      }
  });
});

describe("bad options and cancellation", () => {
  it("refuses N = 0 rollouts naming the field and the value, before any model call", async () => {
    const policy = stub({});
    const call = annotateSolution(options(policy, { rollouts: 0 }));
    await expect(call).rejects.toThrow(AnnotationOptionError);
    await expect(call).rejects.toThrow("rollouts: must be a whole number ≥ 1, got 0");
    expect(policy.calls).toHaveLength(0);
  });

  it("refuses an empty reference, no steps, a bad method, and a depth limit of 0", async () => {
    const policy = stub({});
    await expect(annotateSolution(options(policy, { reference: " " }))).rejects.toThrow(/^reference: problem t-1/);
    await expect(annotateSolution(options(policy, { steps: [] }))).rejects.toThrow(/^steps: /);
    const method = "tree" as unknown as "mc";
    await expect(annotateSolution(options(policy, { method }))).rejects.toThrow(
      'method: must be mc or omega, got "tree"',
    );
    await expect(annotateSolution(options(policy, { maxDepth: 0 }))).rejects.toThrow(/^maxDepth: /);
  });

  it("annotateProblem refuses a problem without a reference answer, naming it", async () => {
    const call = annotateProblem({
      policy: stub({}),
      problem: { id: "mine-3", problem: "2 + 2?", answer: "", solution: "" },
      method: "mc",
      rollouts: 8,
      samples: 2,
      iterations: 32,
      sampling: {},
      stepDelimiter: "\n",
      maxDepth: 10,
    });
    await expect(call).rejects.toThrow("answer: problem mine-3 has no reference answer to judge by");
  });

  it("stops between batches when aborted, throwing the signal's reason", async () => {
    const controller = new AbortController();
    const policy = stub({ 1: 4, 2: 4 }, { onCall: (c) => c.path.length === 2 && controller.abort() });
    const call = annotateSolution(options(policy, { signal: controller.signal }));
    await expect(call).rejects.toThrow(expect.objectContaining({ name: "AbortError" }));
    expect(policy.batches.map((b) => b.path.length)).toEqual([1, 2]);
  });

  it("draws nothing when the signal is already aborted", async () => {
    const policy = stub({});
    const signal = AbortSignal.abort();
    await expect(annotateSolution(options(policy, { signal }))).rejects.toThrow(
      expect.objectContaining({ name: "AbortError" }),
    );
    expect(policy.calls).toHaveLength(0);
  });
});

describe("sampleSolutions and annotateProblem", () => {
  it("splits each sampled solution into steps and its answer, seed + i × maxSteps", async () => {
    const policy = stub({ 0: 1 });
    const out = await sampleSolutions(policy, "What is 6 * 7?", 3, { seed: 5 }, { stepDelimiter: "\n", maxSteps: 4 });
    expect(out.map((s) => s.steps)).toEqual([
      ["more", "Answer: 42"],
      ["more", "Answer: 41"],
      ["more", "Answer: 41"],
    ]);
    expect(out.map((s) => s.answer)).toEqual(["42", "41", "41"]);
    expect(policy.calls.map((c) => c.seed)).toEqual([5, 9, 13]);
    await expect(sampleSolutions(policy, "p", 0, {}, { stepDelimiter: "\n" })).rejects.toThrow(
      "samples: must be a whole number ≥ 1, got 0",
    );
  });

  it("labels each sampled solution, with its own completion seeds and its sampling cost apart", async () => {
    // Both solutions start "more": the stub's count for that prefix runs on across them, so 8 reach it.
    const policy = stub({ 0: 1, 1: 2 * N });
    const out = await annotateProblem({
      policy,
      problem: { id: "p-1", problem: "What is 6 * 7?", answer: "42", solution: "" },
      method: "mc",
      rollouts: N,
      samples: 2,
      iterations: 1,
      sampling: { seed: 7 },
      stepDelimiter: "\n",
      maxDepth: 10,
    });
    expect(out.map((s) => [s.correct, s.hard])).toEqual([
      [true, [1, 1]],
      [false, [1, 0]],
    ]);
    expect(out.map((s) => s.cost.rollouts)).toEqual([N, N]);
    expect(out[0]?.sampleCost).toEqual({ generatedTokens: 5, evaluatedTokens: 2, reusedTokens: 1, ms: 1 });
    const seeds = policy.batches.slice(1).map((b) => b.seed);
    expect(seeds).toEqual([prefixSeed(7, 0, N * 10), prefixSeed(8, 0, N * 10)]);
  });

  it("annotates each distinct sampled solution once, as its first sample, with its repeats' sampling cost", async () => {
    // Sampled: "more / Answer: 42", then "more / Answer: 41" three times: two distinct solutions.
    const policy = stub({ 0: 1, 1: 2 * N });
    const counts: { sampled: number; distinct: number }[] = [];
    const out = await annotateProblem({
      policy,
      problem: { id: "p-1", problem: "What is 6 * 7?", answer: "42", solution: "" },
      method: "mc",
      rollouts: N,
      samples: 4,
      iterations: 1,
      sampling: { seed: 7 },
      stepDelimiter: "\n",
      maxDepth: 10,
      onSampled: (c) => counts.push(c),
    });
    expect(counts).toEqual([{ sampled: 4, distinct: 2 }]);
    expect(out.map((s) => s.steps)).toEqual([
      ["more", "Answer: 42"],
      ["more", "Answer: 41"],
    ]);
    // One batch of completions per distinct solution's step 1 (the answer line is judged, not rolled out).
    expect(policy.batches.slice(1)).toHaveLength(2);
    expect(out.map((s) => s.cost.rollouts)).toEqual([N, N]);
    // The repeat keeps the seeds of its first sample (j = 1), so the labels are those a run without repeats gives.
    expect(policy.batches.slice(1).map((b) => b.seed)).toEqual([prefixSeed(7, 0, N * 10), prefixSeed(8, 0, N * 10)]);
    // Three samples of the second solution: its sampling cost is theirs together (5 generated tokens each).
    expect(out.map((s) => s.sampleCost?.generatedTokens)).toEqual([5, 15]);
  });
});
