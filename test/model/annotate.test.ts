import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnnotatedSolution } from "../../src-main/core/annotate/AnnotatedSolution.js";
import { annotateByTree } from "../../src-main/core/annotate/annotateByTree.js";
import { annotateProblem } from "../../src-main/core/annotate/annotateProblem.js";
import { annotateSolution, type AnnotateSolutionOptions } from "../../src-main/core/annotate/annotateSolution.js";
import { compareFirstErrors, isMonotone } from "../../src-main/core/annotate/compareFirstErrors.js";
import { answersMatch } from "../../src-main/core/domain/answerChecker.js";
import { corruptSolution } from "../../src-main/core/domain/corruptSolution.js";
import type { Problem } from "../../src-main/core/domain/Problem.js";
import { createRng } from "../../src-main/core/domain/random.js";
import { EngineHost } from "../../src-main/core/engine/EngineHost.js";
import { EMBEDDED, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

// Step annotation by rollouts on the embedded 6M policy. What is asserted holds whatever the model's accuracy:
// labels are fractions of N completions, counts and costs add up, completions share one prefill per prefix, and
// OmegaPRM's probes are Math-Shepherd's completions at the same steps (same seeds), so both agree where Math-Shepherd
// is monotone.
const N = 8;
const problems: Problem[] = readFileSync(PROBLEM_SETS.dev, "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Problem);
const byId = (id: string): Problem => problems.find((p) => p.id === id) as Problem;

let policy: LlamaPolicy;
const host = new EngineHost();
beforeAll(async () => {
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: N });
});
afterAll(async () => {
  await policy?.dispose();
  host.close();
});

/** A set's canonical solution as annotateSolution takes it: its lines as steps, the answer line's answer. */
function canonical(p: Problem): Pick<AnnotateSolutionOptions, "steps" | "answer"> {
  const steps = p.solution.split("\n");
  return { steps, answer: /^Answer: (.+)$/.exec(steps.at(-1) ?? "")?.[1] ?? null };
}

function options(p: Problem, o: Partial<AnnotateSolutionOptions>): AnnotateSolutionOptions {
  return {
    policy,
    problemId: p.id,
    problem: p.problem,
    reference: p.answer,
    ...canonical(p),
    method: "mc",
    rollouts: N,
    sampling: { temperature: 0.8, seed: 1 },
    maxDepth: policy.profile.maxSteps,
    ...o,
  };
}

/** Soft labels are fractions of the completions drawn, hard = any reached, and firstError the first hard 0. */
function expectConsistentLabels(s: AnnotatedSolution): void {
  s.soft.forEach((v, i) => {
    const drawn = s.rolloutsPerStep[i] as number;
    // Unestimated: no completions (OmegaPRM's steps before its first error are 1 without any).
    if (v === null) return expect(drawn).toBe(0);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
    if (drawn > 0) expect(Number.isInteger(v * drawn)).toBe(true);
    expect(s.hard[i]).toBe(v > 0 ? 1 : 0);
  });
  const first = s.hard.indexOf(0);
  expect(s.firstError).toBe(first < 0 ? null : first);
}

/** Tokens of every prefix probed, summed: what evaluating each prefix afresh for each of N completions costs / N. */
function prefixTokensSum(s: AnnotatedSolution): number {
  return s.rolloutsPerStep.reduce(
    (sum, drawn, i) => sum + (drawn > 0 ? policy.prefixTokens(s.problem, s.steps.slice(0, i + 1)).length : 0),
    0,
  );
}

describe("Math-Shepherd and OmegaPRM on the embedded 6M policy", () => {
  it("mc labels a canonical correct solution from N completions per step, one shared prefill per prefix", async () => {
    const p = byId("dev-00009");
    const s = await annotateSolution(options(p, {}));
    expectConsistentLabels(s);
    expect(s.correct).toBe(true);
    const n = s.steps.length;
    // Every step but the answer line was continued N times; the answer line is the answer check's 1.
    expect(s.rolloutsPerStep).toEqual([...Array.from({ length: n - 1 }, () => N), 0]);
    expect([s.soft[n - 1], s.hard[n - 1]]).toEqual([1, 1]);
    expect(s.cost.rollouts).toBe(N * (n - 1));
    expect(s.cost.generatedTokens).toBeGreaterThan(s.cost.rollouts);
    // Shared prefill: far less evaluated than N separate evaluations of every prefix.
    expect(s.cost.evaluatedTokens).toBeLessThan(N * prefixTokensSum(s));
    // Nested prefixes count as the longest one (the trie of their tokens).
    const longest = policy.prefixTokens(p.problem, s.steps.slice(0, n - 1)).length;
    expect(s.cost.distinctPrefixTokens).toBe(longest);
    expect(s.cost.evaluatedTokens + s.cost.reusedTokens).toBeGreaterThanOrEqual(N * prefixTokensSum(s));
  });

  it("omega finds mc's first error on a corrupted solution, from mc's own completions, with fewer of them", async () => {
    const p = byId("dev-00001");
    const corrupted = corruptSolution(canonical(p).steps.slice(0, -1), createRng(3));
    if (!corrupted) throw new Error("dev-00001's solution states arithmetic");
    // Cut after the corrupted step, with no answer line: a wrong partial solution the labels must judge.
    const steps = corrupted.steps.slice(0, corrupted.corruptedStep + 1);
    const mc = await annotateSolution(options(p, { steps, answer: null }));
    const omega = await annotateSolution(options(p, { steps, answer: null, method: "omega" }));
    for (const s of [mc, omega]) expectConsistentLabels(s);
    const probed = omega.rolloutsPerStep.flatMap((drawn, i) => (drawn > 0 ? [i] : []));
    expect(omega.cost.rollouts).toBe(N * probed.length);
    expect(mc.cost.rollouts).toBe(N * steps.length);
    expect(omega.cost.rollouts).toBeLessThan(mc.cost.rollouts);
    // The same seeds at the same step: the same completions, so the same soft label wherever omega probed.
    for (const i of probed) expect(omega.soft[i]).toBe(mc.soft[i]);
    if (isMonotone(mc.hard)) expect(omega.firstError).toBe(mc.firstError);
    const comparison = compareFirstErrors([mc], [omega]);
    expect(comparison.saving).toBe(mc.cost.rollouts / omega.cost.rollouts);
    console.log(
      `corrupted step ${corrupted.corruptedStep}: mc soft ${JSON.stringify(mc.soft)} first error ${mc.firstError}; ` +
        `omega probed ${JSON.stringify(probed)} first error ${omega.firstError}`,
    );
  });

  it("annotateProblem samples solutions, labels each distinct one once, and repeats itself with the same seed", async () => {
    const p = byId("dev-00008");
    const run = () =>
      annotateProblem({
        policy,
        problem: p,
        method: "omega",
        rollouts: 4,
        samples: 2,
        iterations: 1,
        sampling: { temperature: 0.8, seed: 5 },
        stepDelimiter: policy.profile.stepDelimiter,
        maxDepth: policy.profile.maxSteps,
      });
    const first = await run();
    // Identical samples are annotated once (the 6M often writes the same path twice at T 0.8): one or two solutions,
    // no two with the same steps.
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThanOrEqual(2);
    expect(new Set(first.map((s) => JSON.stringify(s.steps))).size).toBe(first.length);
    for (const s of first) {
      expectConsistentLabels(s);
      expect(s.steps.length).toBeGreaterThan(0);
      expect(s.correct).toBe(s.answer !== null && answersMatch(s.answer, p.answer));
      if (s.answer !== null) expect(s.steps.at(-1)).toContain(s.answer);
      expect(s.sampleCost?.generatedTokens).toBeGreaterThan(0);
    }
    const again = await run();
    expect(again.map((s) => [s.steps, s.soft])).toEqual(first.map((s) => [s.steps, s.soft]));
  });

  it("rollouts cross the engine process boundary with their shared prefill and prefix tokens", async () => {
    const remote = await host.loadPolicy(EMBEDDED.policyLarge, { sequences: 4 });
    const path = ["Step 1: 10 + 12 = 22."];
    const problem = byId("dev-00007").problem;
    const there = await remote.rollouts(problem, path, 4, { temperature: 0.8, seed: 9 }, undefined, { maxSteps: 3 });
    const here = await policy.rollouts(problem, path, 4, { temperature: 0.8, seed: 9 }, undefined, { maxSteps: 3 });
    expect(there.map((c) => c.text)).toEqual(here.map((c) => c.text));
    expect(await remote.prefixTokenIds(problem, path)).toEqual(policy.prefixTokens(problem, path));
    await remote.dispose();
  });
});

describe("tree labels from a real MCTS run", () => {
  it("labels every answer path by its nodes' values and visits, and charges the whole search", async () => {
    const p = byId("dev-00007");
    const { solutions, tree, cost } = await annotateByTree({
      policy,
      problemId: p.id,
      problem: p.problem,
      reference: p.answer,
      iterations: 12,
      width: 3,
      sampling: { temperature: 0.8, seed: 2 },
      maxDepth: policy.profile.maxSteps,
      stepDelimiter: policy.profile.stepDelimiter,
    });
    const answers = tree.nodes.filter((n) => n.answer !== null);
    expect(solutions.map((s) => s.answer)).toEqual(answers.map((n) => n.answer));
    expect(tree.nodes[0]?.visits).toBe(12);
    for (const [k, s] of solutions.entries()) {
      const leaf = answers[k]!;
      expectConsistentLabels(s);
      expect(s.correct).toBe(answersMatch(leaf.answer!, p.answer));
      // The path's labels are its nodes' values; visits never grow going down a path.
      const path: number[] = [];
      for (let id: number | null = leaf.id; id !== null && id !== 0; id = tree.nodes[id]!.parent) path.unshift(id);
      expect(s.steps).toEqual(path.map((id) => tree.nodes[id]!.stepText));
      expect(s.rolloutsPerStep).toEqual(path.map((id) => tree.nodes[id]!.visits));
      path.slice(0, -1).forEach((id, i) => expect(s.soft[i]).toBe(tree.nodes[id]!.value));
      for (let i = 1; i < path.length; i++) expect(s.rolloutsPerStep[i]).toBeLessThanOrEqual(s.rolloutsPerStep[i - 1]!);
    }
    expect(cost.rollouts).toBeGreaterThan(0);
    expect(cost.generatedTokens).toBeGreaterThanOrEqual(tree.nodes.reduce((sum, n) => sum + n.tokenCount, 0));
    expect(cost.distinctPrefixTokens).toBeGreaterThan(policy.prefixTokens(p.problem, []).length);
    if (solutions[0]) expect(solutions[0].cost).toEqual(cost);
  });
});
