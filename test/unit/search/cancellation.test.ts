import { describe, expect, it } from "vitest";
import { beamSearch } from "../../../src-main/core/search/beamSearch.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { mcts } from "../../../src-main/core/search/mcts.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { chain, chainScript } from "./chainScript.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

/** An onEvent that aborts once `when` has matched `times` events. */
function abortAfter(times: number, when: (e: TreeEvent) => boolean) {
  const controller = new AbortController();
  let seen = 0;
  const onEvent = (e: TreeEvent) => {
    if (when(e) && ++seen === times) controller.abort();
  };
  return { signal: controller.signal, onEvent };
}

describe("cancelling a search", () => {
  it("best-of-N keeps the best of the solutions scored before the abort", async () => {
    const chains = [chain("1", 0.3), chain("2", 0.8), chain("3", 0.9), chain("4", 0.95)];
    const scorer = new FakeScorer();
    const cancel = abortAfter(2, (e) => e.type === "node-scored" && e.value !== null);
    const result = await bestOfN({
      problem: "p",
      policy: new FakePolicy(chainScript(chains)),
      scorer,
      n: 4,
      ...cancel,
    });
    expect(result).toMatchObject({ stoppedBy: "cancelled", answer: "2", score: 0.8 });
    expect(scorer.calls).toBe(2);
    expect(result.spent.rewardCalls).toBe(2);
  });

  it("beam search stopped before any beam finished returns the best-scored partial path, without an answer", async () => {
    const cancel = abortAfter(1, (e) => e.type === "budget-spent" && e.spent.rewardCalls === 4);
    const policy = new FakePolicy(mathScript);
    const result = await beamSearch({ problem: "p", policy, scorer: new FakeScorer(), n: 4, beamWidth: 2, ...cancel });
    const level1 = result.tree.nodes.filter((n) => n.depth === 1);
    const best = level1.reduce((a, b) => (b.value! > a.value! ? b : a));
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.answer).toBeNull();
    expect(result.path.map((s) => s.nodeId)).toEqual([best.id]);
    expect(result.tree.nodes.filter((n) => n.depth === 2)).toHaveLength(0);
  });

  it("MCTS keeps the tree and answer of the rounds it completed", async () => {
    const cancel = abortAfter(8, (e) => e.type === "node-visited" && e.id === 0);
    const result = await mcts({
      problem: "p",
      policy: new FakePolicy(mathScript),
      scorer: new FakeScorer(),
      iterations: 100,
      ...cancel,
    });
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.tree.nodes[0]!.visits).toBe(8);
    expect(result.path.length).toBeGreaterThan(0);
  });

  it("reports whichever cap is reached first when several are set", async () => {
    const run = (budget: object) =>
      beamSearch({
        problem: "p",
        policy: new FakePolicy(mathScript),
        scorer: new FakeScorer(),
        n: 4,
        beamWidth: 2,
        budget,
      });
    expect((await run({ nodes: 3, rewardCalls: 1000 })).stoppedBy).toBe("nodes");
    expect((await run({ nodes: 1000, rewardCalls: 3 })).stoppedBy).toBe("rewardCalls");
  });
});
