import { describe, expect, it } from "vitest";
import { greedy } from "../../../src-main/core/search/greedy.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

describe("greedy chain of thought", () => {
  it("decodes one step at a time at temperature 0 until an answer, whatever sampling was asked for", async () => {
    const policy = new FakePolicy(mathScript);
    const result = await greedy({ problem: "p", policy, seed: 1, sampling: { temperature: 1.2, topK: 5 } });
    expect(policy.calls.map((c) => [c.k, c.sampling.temperature])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    // Each call continues the path the previous one produced.
    expect(policy.calls.map((c) => c.path)).toEqual(
      [0, 1, 2, 3].map((d) => result.path.slice(0, d).map((p) => p.text)),
    );
    expect(result.answer).toBe(result.path.some((p) => p.text.includes("wrong")) ? "7" : "42");
    expect(result.tree.nodes).toHaveLength(5);
    expect(result.tree.nodes.every((n) => n.chosen)).toBe(true);
    expect(result).toMatchObject({ strategy: "greedy", seed: 1, stoppedBy: "complete", reward: null, score: null });
  });

  it("reports exactly what the policy reported spending, and never calls a scorer", async () => {
    const policy = new FakePolicy(mathScript);
    const scorer = new FakeScorer();
    const result = await greedy({ problem: "p", policy, scorer });
    expect(result.spent).toMatchObject({ ...policy.totals, rewardCalls: 0, nodes: 4 });
    expect(scorer.calls).toBe(0);
  });

  it("stops at maxDepth without an answer", async () => {
    const policy = new FakePolicy(() => ({ text: "Step: still going" }));
    const result = await greedy({ problem: "p", policy, maxDepth: 5 });
    expect(result.tree.nodes).toHaveLength(6);
    expect(result.answer).toBeNull();
    expect(result.path).toHaveLength(5);
    expect(result.stoppedBy).toBe("complete");
  });
});
