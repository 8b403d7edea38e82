import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import type { ScoreCost } from "../../src-main/core/reward/ScoreCost.js";
import type { Scorer } from "../../src-main/core/reward/Scorer.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { bestOfN } from "../../src-main/core/search/bestOfN.js";
import { mcts } from "../../src-main/core/search/mcts.js";

// A reward model that fails on some inputs, built on the real one: the embedded PRM's scores, except that chosen
// scoreSteps calls (by their order) return a non-finite score for every step. Search must not prefer them.
const PROBLEM = "Compute 17 + 25 - 9.";

class FailingPrm implements Scorer {
  calls = 0;
  readonly failed: string[][] = [];
  constructor(
    private readonly prm: OnnxPrm,
    private readonly failOn: (call: number) => number | undefined,
  ) {}
  get accounting(): ScoreCost {
    return this.prm.accounting;
  }
  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    const scores = await this.prm.scoreSteps(problem, steps);
    const bad = this.failOn(this.calls++);
    if (bad === undefined) return scores;
    this.failed.push([...steps]);
    return scores.map(() => bad);
  }
  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    return (await this.scoreSteps(problem, steps)).at(-1) ?? NaN;
  }
}

let policy: LlamaPolicy;
let prm: OnnxPrm;
beforeAll(async () => {
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 8 });
  prm = await OnnxPrm.load(EMBEDDED.prm);
});
afterAll(async () => {
  await policy?.dispose();
  await prm?.dispose();
});

describe("non-finite scores from a reward model wrapping the real PRM", () => {
  it("best-of-n: a NaN-scored solution scored first and a +Infinity-scored one later both lose", async () => {
    const scorer = new FailingPrm(prm, (call) => (call === 0 ? NaN : call === 2 ? Infinity : undefined));
    const result = await bestOfN({ problem: PROBLEM, policy, scorer, n: 8, seed: 3 });
    expect(scorer.failed).toHaveLength(2);
    const chosen = result.path.map((p) => p.text);
    for (const failed of scorer.failed) expect(chosen).not.toEqual(failed);
    // The winner is the best of the solutions the real PRM scored, by its last-step score.
    const finite = result.tree.nodes.filter((n) => n.terminal && n.value !== null).map((n) => n.value!);
    expect(finite.length).toBeGreaterThan(0);
    expect(result.score).toBe(Math.max(...finite));
    expect(result.nonFiniteScores).toBe(scorer.failed.reduce((sum, steps) => sum + steps.length, 0));
  });

  it("MCTS: every score NaN still runs every round, each new leaf one reward call", async () => {
    const scorer = new FailingPrm(prm, () => NaN);
    const result = await mcts({ problem: PROBLEM, policy, scorer, iterations: 6, width: 2, seed: 3 });
    expect(result.stoppedBy).toBe("complete");
    expect(result.tree.nodes[0]!.visits).toBe(6);
    expect(result.spent.rewardCalls).toBeGreaterThan(1);
    expect(result.nonFiniteScores).toBeGreaterThan(0);
  });
});
