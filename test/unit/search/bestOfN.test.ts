import { describe, expect, it } from "vitest";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { chain, chainScript } from "./chainScript.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

// Three solutions whose step scores rank differently under each aggregate:
//   A  0.9 0.2 0.95  last 0.95 (best)   min 0.2               product 0.171
//   B  0.6 0.6 0.6   last 0.6           min 0.6 (best)        product 0.216
//   C  0.7 0.5 0.8   last 0.8           min 0.5               product 0.28 (best)
const chains = [chain("1", 0.9, 0.2, 0.95), chain("2", 0.6, 0.6, 0.6), chain("3", 0.7, 0.5, 0.8)];

describe("best-of-N", () => {
  for (const [aggregate, answer, score] of [
    ["last", "1", 0.95],
    ["min", "2", 0.6],
    ["product", "3", 0.7 * 0.5 * 0.8],
  ] as const) {
    it(`by PRM-${aggregate} picks the solution with the highest ${aggregate} score`, async () => {
      const policy = new FakePolicy(chainScript(chains));
      const scorer = new FakeScorer();
      const result = await bestOfN({ problem: "p", policy, scorer, n: 3, verifier: "prm", aggregate });
      expect(result.answer).toBe(answer);
      expect(result.score).toBeCloseTo(score);
      expect(scorer.stepCalls).toBe(3);
      expect(result.path.map((s) => s.score)).toEqual(
        chains[Number(answer) - 1]!.map((s) => Number(/\[(.+)\]/.exec(s.text)![1])),
      );
    });
  }

  it("by ORM calls scoreOutcome once per solution and picks the highest", async () => {
    const policy = new FakePolicy(chainScript(chains));
    const outcome = (steps: readonly string[]) => (steps.at(-1)!.startsWith("Answer: 2") ? 0.9 : 0.1);
    const scorer = new FakeScorer({ outcome });
    const result = await bestOfN({ problem: "p", policy, scorer, n: 3, verifier: "orm" });
    expect(result.answer).toBe("2");
    expect([scorer.outcomeCalls, scorer.stepCalls]).toEqual([3, 0]);
    expect(result.path.every((s) => s.score === null)).toBe(true); // no step scores with an ORM
    expect(result.tree.nodes.filter((n) => n.value !== null).map((n) => n.value)).toEqual([0.1, 0.9, 0.1]);
  });

  it("weighted voting picks the largest score sum even when another answer has more votes", async () => {
    // 5: three votes of 0.3 (sum 0.9); 9: two of 0.5 (sum 1.0); 7: one of 0.6 (the single best).
    const votes = [
      chain("5", 0.3),
      chain("9", 0.5),
      chain("5", 0.3),
      chain("7", 0.6),
      chain("9", 0.5),
      chain("5.0", 0.3),
    ];
    const run = (weighted: boolean) =>
      bestOfN({ problem: "p", policy: new FakePolicy(chainScript(votes)), scorer: new FakeScorer(), n: 6, weighted });
    const weighted = await run(true);
    expect(weighted.answer).toBe("9");
    expect(weighted.score).toBeCloseTo(1.0);
    expect((await run(false)).answer).toBe("7");
  });

  it("does not spend reward calls on solutions without an answer", async () => {
    const policy = new FakePolicy(chainScript([chain(undefined, 0.99), chain("4", 0.2), chain(undefined, 0.99)]));
    const scorer = new FakeScorer();
    const result = await bestOfN({ problem: "p", policy, scorer, n: 3 });
    expect(result.answer).toBe("4");
    expect(result.spent.rewardCalls).toBe(1);
    expect(result.reward).toMatchObject({ modelCalls: 1, evaluatedTokens: 1 });
  });
});
