import { describe, expect, it } from "vitest";
import { runSearch } from "../../../src-main/core/search/runSearch.js";
import type { StrategyName } from "../../../src-main/core/search/StrategyName.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

// mathScript writes three steps and then the answer: a depth limit of 2 must cut every path to two steps.
const CASES: [StrategyName, object][] = [
  ["greedy", {}],
  ["self-consistency", { n: 4 }],
  ["best-of-n", { n: 4 }],
  ["beam", { n: 4, beamWidth: 2 }],
  ["dvts", { n: 4, beamWidth: 2 }],
  ["mcts", { iterations: 12, width: 2 }],
  ["mcts", { iterations: 12, width: 2, value: "rollout" }],
];

describe.each(CASES)("%s %j with maxDepth 2", (name, options) => {
  it("never writes a path longer than 2 steps, in the tree or in the result", async () => {
    const policy = new FakePolicy(mathScript);
    const result = await runSearch(name, { problem: "p", policy, scorer: new FakeScorer(), maxDepth: 2, ...options });
    expect(Math.max(...result.tree.nodes.map((n) => n.depth))).toBe(2);
    expect(result.path.length).toBeLessThanOrEqual(2);
    // No call continues a path already 2 steps long, and a rollout may write only the steps the limit leaves.
    for (const call of policy.calls) {
      expect(call.path.length).toBeLessThan(2);
      if (call.kind === "rollout") expect(call.limits.maxSteps).toBe(2 - call.path.length);
    }
    expect(result.answer).toBeNull(); // the answer comes at step 4
  });
});

describe("a rollout at the depth limit", () => {
  it("stops after the steps the limit leaves, with finish reason length", async () => {
    const policy = new FakePolicy(mathScript);
    const stopped = await policy.rollout("p", ["Step 1: ok s1 [0.8]"], { seed: 1 }, undefined, { maxSteps: 1 });
    expect(stopped).toMatchObject({ finishReason: "length", answer: undefined });
    expect(stopped.text.split("\n")).toHaveLength(1);
    const free = await policy.rollout("p", ["Step 1: ok s1 [0.8]"], { seed: 1 });
    expect(free.finishReason).toBe("answer");
  });
});
