import { describe, expect, it } from "vitest";
import { aggregateScores, AGGREGATES } from "../../../src-main/core/search/aggregateScores.js";
import { beamSearch } from "../../../src-main/core/search/beamSearch.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { chooseAnswer } from "../../../src-main/core/search/chooseAnswer.js";
import { dvts } from "../../../src-main/core/search/dvts.js";
import { finiteScore } from "../../../src-main/core/search/finiteScore.js";
import { mcts } from "../../../src-main/core/search/mcts.js";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";
import { chain, chainScript } from "./chainScript.js";
import { FakePolicy, type FakeStep, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

/** Reads "[0.7]", "[NaN]", "[Infinity]" or "[-Infinity]" out of a step: the score a test wants it to get. */
const tagged = (step: string): number => {
  const m = /\[(-?Infinity|NaN|\d*\.?\d+)\]/.exec(step);
  return m ? Number(m[1]) : 0.5;
};
const scorer = () => new FakeScorer({ step: tagged });

const BAD = [NaN, Infinity, -Infinity] as const;
/** The bad candidate first, then last: a fault that depends on candidate order shows in one of the two. */
const orders = <T>(bad: T, good: readonly T[]): T[][] => [
  [bad, ...good],
  [...good, bad],
];

describe("the non-finite score rule (finiteScore)", () => {
  it("ranks a non-finite score below every finite one, weighs it 0, and records it as null", () => {
    for (const bad of BAD) {
      expect(finiteScore.rank(bad)).toBe(-Infinity);
      expect(finiteScore.descending(bad, -1e300)).toBe(1);
      expect(finiteScore.descending(-1e300, bad)).toBe(-1);
      expect(finiteScore.descending(bad, NaN)).toBe(0);
      expect(finiteScore.weight(bad)).toBe(0);
      expect(finiteScore.orNull(bad)).toBeNull();
    }
    expect([finiteScore.rank(0.25), finiteScore.weight(0.25), finiteScore.orNull(0)]).toEqual([0.25, 0.25, 0]);
    expect(finiteScore.count([0.1, NaN, Infinity, 1, -Infinity])).toBe(3);
  });

  it("aggregates a path with any non-finite step score to NaN, for every aggregate", () => {
    for (const how of AGGREGATES)
      for (const bad of BAD) {
        expect(aggregateScores([bad, 0.5, 0.9], how)).toBeNaN();
        expect(aggregateScores([0.5, bad], how)).toBeNaN();
      }
    expect(aggregateScores([0.5, 0.4], "product")).toBeCloseTo(0.2);
  });

  it("records a non-finite step score as null in the tree, and refuses to back up a non-finite value", () => {
    const tree = new ThoughtTree();
    tree.addNode(0, { stepText: "s", tokenCount: 1, logProb: -1, terminal: false, answer: null });
    tree.setScore(1, { prmScore: NaN, value: Infinity });
    expect(tree.node(1)).toMatchObject({ prmScore: null, value: null });
    expect(() => tree.backpropagate(1, NaN)).toThrow(RangeError);
    expect(tree.root.visits).toBe(0);
  });

  it("chooseAnswer: a non-finite score never wins, in either order, by best or by weighted vote", () => {
    for (const bad of BAD) {
      const badOne = (leaf: number) => ({ leaf, answer: "6", score: bad });
      const good = [
        { leaf: 1, answer: "1", score: 0.2 },
        { leaf: 2, answer: "2", score: 0.3 },
      ];
      for (const list of orders(badOne(9), good)) expect(chooseAnswer(list, "best")).toEqual({ leaf: 2, score: 0.3 });
      // Weighted: answer 6 has three non-finite votes; they cast nothing, so 1 (0.2 + 0.2) beats 2 (0.3).
      const crowd = [...good, { leaf: 3, answer: "1", score: 0.2 }];
      for (const list of orders(badOne(9), [...crowd, badOne(8), badOne(7)]))
        expect(chooseAnswer(list, "weighted")).toMatchObject({ leaf: 1, score: 0.4 });
    }
  });
});

describe("best-of-N with a scorer returning non-finite scores", () => {
  for (const bad of BAD)
    for (const aggregate of AGGREGATES)
      it(`PRM-${aggregate}: a solution with a ${bad} step score never wins, whatever the order`, async () => {
        // The bad solution's other step is the best score in the set: the bad one must still lose.
        for (const chains of orders(chain("6", bad, 0.99), [chain("1", 0.4, 0.4), chain("2", 0.7, 0.7)])) {
          const result = await bestOfN({
            problem: "p",
            policy: new FakePolicy(chainScript(chains)),
            scorer: scorer(),
            n: 3,
            aggregate,
          });
          expect(result.answer).toBe("2");
          expect(result.score).toBeCloseTo(aggregateScores([0.7, 0.7], aggregate));
          expect(result.nonFiniteScores).toBe(1);
          const badLeaf = result.tree.nodes.find((n) => n.answer === "6")!;
          expect(badLeaf.value).toBeNull();
          expect(result.tree.nodes[badLeaf.parent!]!.prmScore).toBeNull();
        }
      });

  for (const bad of BAD)
    it(`ORM: a ${bad} outcome score never wins, whatever the order`, async () => {
      for (const chains of orders(chain("6", 0.5), [chain("1", 0.5), chain("2", 0.5)])) {
        const outcome = (steps: readonly string[]) => (steps.at(-1)!.includes("Answer: 6") ? bad : 0.3);
        const result = await bestOfN({
          problem: "p",
          policy: new FakePolicy(chainScript(chains)),
          scorer: new FakeScorer({ outcome }),
          n: 3,
          verifier: "orm",
        });
        expect(result.answer).not.toBe("6");
        expect(result.score).toBe(0.3);
        expect(result.nonFiniteScores).toBe(1);
      }
    });

  it("weighted voting: non-finite scores add nothing to their answer's sum, whatever the order", async () => {
    for (const bad of BAD)
      for (const chains of orders(chain("6", bad), [chain("2", 0.5), chain("6", 0.1), chain("6", bad)])) {
        const result = await bestOfN({
          problem: "p",
          policy: new FakePolicy(chainScript(chains)),
          scorer: scorer(),
          n: 4,
          weighted: true,
        });
        expect(result.answer).toBe("2");
        expect(result.score).toBeCloseTo(0.5);
        expect(result.nonFiniteScores).toBe(2);
      }
  });
});

describe("beam search and DVTS with a scorer returning non-finite scores", () => {
  for (const bad of BAD)
    it(`beam keeps the finite-scored candidates over a ${bad}-scored one, in either order`, async () => {
      for (const chains of orders(chain("6", bad, 0.99), [
        chain("1", 0.5, 0.5),
        chain("2", 0.6, 0.6),
        chain("3", 0.4, 0.4),
      ])) {
        const result = await beamSearch({
          problem: "p",
          policy: new FakePolicy(chainScript(chains)),
          scorer: scorer(),
          n: 4,
          beamWidth: 2,
        });
        const badFirst = result.tree.nodes.find((n) => /\[(-?Infinity|NaN)\]/.test(n.stepText))!;
        expect(badFirst.depth).toBe(1);
        expect(badFirst.children).toEqual([]); // never kept as a beam
        expect(result.answer).toBe("2");
        expect(result.score).toBe(0.6);
        expect(result.nonFiniteScores).toBe(1);
      }
    });

  for (const bad of BAD)
    it(`DVTS never moves a subtree to a ${bad}-scored candidate while a finite one exists, in either order`, async () => {
      for (const first of orders(chain("6", bad, 0.99), [chain("1", 0.5, 0.5)])) {
        const chains = [...first, chain("2", 0.45, 0.45), chain("3", 0.4, 0.4)];
        const result = await dvts({
          problem: "p",
          policy: new FakePolicy(chainScript(chains)),
          scorer: scorer(),
          n: 4,
          beamWidth: 2,
        });
        const badFirst = result.tree.nodes.find((n) => /\[(-?Infinity|NaN)\]/.test(n.stepText))!;
        expect(badFirst.children).toEqual([]);
        expect(result.answer).toBe("1");
        expect(result.score).toBe(0.5);
      }
    });
});

describe("MCTS with a scorer returning non-finite scores", () => {
  for (const bad of BAD)
    it(`runs every round when every score is ${bad}, instead of stopping after one reward call`, async () => {
      const policy = new FakePolicy(mathScript);
      const result = await mcts({
        problem: "p",
        policy,
        scorer: new FakeScorer({ step: () => bad }),
        iterations: 10,
        width: 2,
      });
      expect(result.stoppedBy).toBe("complete");
      expect(result.tree.nodes[0]!.visits).toBe(10);
      expect(result.spent.rewardCalls).toBe(result.tree.nodes.filter((n) => n.id > 0 && n.visits > 0).length);
      expect(result.spent.rewardCalls).toBeGreaterThan(1);
      expect(result.nonFiniteScores).toBeGreaterThanOrEqual(result.spent.rewardCalls);
      expect(result.tree.nodes.every((n) => n.value === null || Number.isFinite(n.value))).toBe(true);
      expect(result.score).not.toBeNaN();
    });

  for (const bad of BAD)
    it(`backs up a ${bad} value as the worst value, so the finite branch wins whichever has the higher prior`, async () => {
      for (const badPrior of [-0.1, -3]) {
        // Two first steps; the bad one's steps score non-finite, the good one's 0.6. Priors swap between runs.
        const script: Script = (path, seed): FakeStep => {
          if (path.length === 0)
            return seed % 2 === 0
              ? { text: `bad start [${bad}]`, logProb: badPrior }
              : { text: "good start [0.6]", logProb: -1 };
          const good = path[0]!.startsWith("good");
          if (path.length < 2) return { text: `step ${seed} [${good ? 0.6 : bad}]` };
          return { text: `Answer: ${good ? 42 : 6} [${good ? 0.6 : bad}]`, answer: good ? "42" : "6" };
        };
        const result = await mcts({
          problem: "p",
          policy: new FakePolicy(script),
          scorer: scorer(),
          iterations: 16,
          width: 2,
        });
        const nodes = result.tree.nodes;
        const goodNode = nodes.find((n) => n.depth === 1 && n.stepText.startsWith("good"))!;
        const badNode = nodes.find((n) => n.depth === 1 && n.stepText.startsWith("bad"))!;
        expect(badNode.value).toBe(0);
        expect(goodNode.visits).toBeGreaterThan(badNode.visits);
        expect(result.answer).toBe("42");
        expect(nodes[0]!.visits).toBe(16);
      }
    });
});
