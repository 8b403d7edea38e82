import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { EMBEDDED, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { ScoreCost } from "../../src-main/core/reward/ScoreCost.js";
import type { Scorer } from "../../src-main/core/reward/Scorer.js";
import { runSearch } from "../../src-main/core/search/runSearch.js";

// Incremental PRM scoring against the full recomputation, on real search trees: beam and MCTS on test problems
// with the embedded 6M policy. Every call the search makes goes to both PRMs: the cached form (each new step run
// from its parent's past keys/values, mull-prm.kv.onnx) and the plain one (each path run whole, mull-prm.onnx).
// The search itself follows the cached form's scores, as the app does.
const PROBLEMS = loadProblemSet(PROBLEM_SETS.test).slice(0, 3);
const TOLERANCE = 1e-4;

/** Passes every call to the cached-form PRM and the plain one, and keeps the largest difference of any score. */
class TwinScorer implements Scorer {
  worst = 0;
  compared = 0;

  constructor(
    readonly cached: OnnxPrm,
    readonly whole: OnnxPrm,
  ) {}

  get accounting(): ScoreCost {
    return this.cached.accounting;
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    const a = await this.cached.scoreSteps(problem, steps);
    const b = await this.whole.scoreSteps(problem, steps);
    expect(a).toHaveLength(b.length);
    a.forEach((s, i) => this.compare(s, b[i] as number));
    return a;
  }

  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    const a = await this.cached.scoreOutcome(problem, steps);
    this.compare(a, await this.whole.scoreOutcome(problem, steps));
    return a;
  }

  async reset(): Promise<void> {
    await Promise.all([this.cached.reset(), this.whole.reset()]);
  }

  private compare(a: number, b: number): void {
    this.worst = Math.max(this.worst, Math.abs(a - b));
    this.compared++;
  }
}

let policy: LlamaPolicy;
let cached: OnnxPrm;
let whole: OnnxPrm;
beforeAll(async () => {
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 16 });
  cached = await OnnxPrm.load(EMBEDDED.prm);
  whole = await OnnxPrm.load(EMBEDDED.prm, { incremental: false });
});
afterAll(async () => {
  await policy?.dispose();
  await cached?.dispose();
  await whole?.dispose();
});

describe("incremental PRM scoring (mull-prm.kv.onnx) against the full recomputation", () => {
  it("loads the cached form where the profile names one, and the plain form when asked", () => {
    expect(cached.incremental).toBe(true);
    expect(whole.incremental).toBe(false);
  });

  it.each([
    ["beam", { n: 8, beamWidth: 4 }],
    ["mcts", { iterations: 32 }],
  ] as const)("%s: every step score within 1e-4, for a fraction of the tokens", async (strategy, options) => {
    const twin = new TwinScorer(cached, whole);
    await twin.reset(); // each strategy from empty caches: the other's trees must not answer for it
    const before = { cached: cached.accounting, whole: whole.accounting };
    let nodes = 0;
    for (const [i, p] of PROBLEMS.entries()) {
      const result = await runSearch(strategy, { problem: p.problem, policy, scorer: twin, seed: 11 + i, ...options });
      nodes += result.tree.nodes.length;
    }
    expect(nodes).toBeGreaterThan(PROBLEMS.length * 4);
    expect(twin.compared).toBeGreaterThan(PROBLEMS.length * 4);
    expect(twin.worst).toBeLessThan(TOLERANCE);
    const spent = (now: ScoreCost, then: ScoreCost) => {
      const delta = ScoreCost.zero();
      for (const key of Object.keys(delta) as (keyof ScoreCost)[]) delta[key] = now[key] - then[key];
      return delta;
    };
    const a = spent(cached.accounting, before.cached);
    const b = spent(whole.accounting, before.whole);
    // Same calls, same steps scored; the cached form ran the new tokens and read the rest from its cache.
    expect(a.stepsScored).toBe(b.stepsScored);
    expect(a.reusedTokens).toBeGreaterThan(0);
    expect(b.reusedTokens).toBe(0);
    expect(a.evaluatedTokens + a.reusedTokens).toBeGreaterThanOrEqual(b.evaluatedTokens);
    expect(a.evaluatedTokens).toBeLessThan(b.evaluatedTokens / 2);
    console.log(
      `${strategy}: ${twin.compared} scores compared, largest difference ${twin.worst.toExponential(1)}; ` +
        `tokens run ${a.evaluatedTokens} cached form (${a.reusedTokens} read from its cache) vs ${b.evaluatedTokens} whole`,
    );
  });

  it("scores a batch of solutions from different cached depths as it scores each alone", async () => {
    const p = PROBLEMS[0]!;
    const paths = [["Step 1: a"], ["Step 1: a", "Step 2: b = 3."], ["Step 1: c"], ["Step 1: a", "Step 2: b = 4."]];
    await cached.reset();
    await cached.scoreSteps(p.problem, paths[0]!); // the prompt and step 1 cached; the rest come from there
    const batch = await cached.scoreBatch(paths.map((steps) => ({ problem: p.problem, steps })));
    for (const [i, steps] of paths.entries()) {
      const alone = await whole.scoreSteps(p.problem, steps);
      batch[i]?.forEach((s, j) => expect(Math.abs(s - (alone[j] as number))).toBeLessThan(TOLERANCE));
    }
  });
});
