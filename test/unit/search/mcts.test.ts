import { describe, expect, it } from "vitest";
import { mcts } from "../../../src-main/core/search/mcts.js";
import { selectPuct } from "../../../src-main/core/search/selectPuct.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathOutcome, mathScript } from "./mathScript.js";

const child = (logProb: number) => ({
  stepText: `lp ${logProb}`,
  tokenCount: 1,
  logProb,
  terminal: false,
  answer: null,
});

/**
 * Checks the backup bookkeeping: the root's visits are its children's sum and its value their visit-weighted
 * mean; any other expanded node has one visit more than its children (its own valuation, before expansion).
 */
function expectConsistentVisits(nodes: readonly ThoughtNode[]): void {
  for (const node of nodes) {
    const below = node.children.reduce((sum, id) => sum + nodes[id]!.visits, 0);
    if (node.id === 0) expect(node.visits).toBe(below);
    else if (node.children.length > 0) expect(node.visits).toBe(1 + below);
  }
  const root = nodes[0]!;
  const weighted = root.children.reduce((sum, id) => sum + nodes[id]!.visits * (nodes[id]!.value ?? 0), 0);
  expect(root.value).toBeCloseTo(weighted / root.visits, 12);
}

describe("PUCT selection", () => {
  it("prefers the unvisited child with the highest prior, exp(logProb) normalised over siblings", () => {
    const tree = new ThoughtTree();
    for (const lp of [-2, -3, -0.1, -2.5]) tree.addNode(0, child(lp));
    expect(selectPuct(tree, 0, 1)).toBe(3);
    // Log-probabilities far below exp()'s range still compare: normalising subtracts the largest first.
    const long = new ThoughtTree();
    for (const lp of [-1001, -1000]) long.addNode(0, child(lp));
    expect(selectPuct(long, 0, 1)).toBe(2);
    expect(selectPuct(long, 1, 1)).toBeUndefined();
  });

  it("trades a visited child's mean value against an unvisited child's prior as c_puct says", () => {
    const tree = new ThoughtTree();
    tree.addNode(0, child(0)); // prior 0.73
    tree.addNode(0, child(-1)); // prior 0.27
    for (let i = 0; i < 9; i++) tree.backpropagate(1, i < 6 ? 0.8 : 0.2); // mean 0.6 over 9 visits
    tree.visit(0, 0.5 * 10 - 0.6 * 9); // root: 10 visits, mean 0.5 (the unvisited child's first-play value)
    // c=1: child 1 scores 0.6 + 0.73·√10/10 = 0.83; child 2 scores 0.5 + 0.27·√10/1 = 1.35.
    expect(selectPuct(tree, 0, 1)).toBe(2);
    expect(selectPuct(tree, 0, 0)).toBe(1); // no exploration: the better mean wins
    // c=0.5: 0.72 against 0.93 because the unvisited child starts from its parent's mean (0.5); from 0 it would lose.
    expect(selectPuct(tree, 0, 0.5)).toBe(2);
  });
});

describe("MCTS", () => {
  it("with PRM values: visits count rounds, sum over children, and each new leaf costs one reward call", async () => {
    const policy = new FakePolicy(mathScript);
    const scorer = new FakeScorer();
    const result = await mcts({ problem: "p", policy, scorer, iterations: 25, width: 3, seed: 2 });
    const nodes = result.tree.nodes;
    expect(nodes[0]!.visits).toBe(25);
    expectConsistentVisits(nodes);
    expect(result.spent.rewardCalls).toBe(nodes.filter((n) => n.id > 0 && n.visits > 0).length);
    expect(policy.calls.every((c) => c.kind === "expand" && c.k === 3)).toBe(true);
    // The answer follows the most visited child at every level.
    for (const step of result.path) {
      const node = nodes[step.nodeId!]!;
      const siblings = nodes[node.parent!]!.children.map((id) => nodes[id]!.visits);
      expect(node.visits).toBe(Math.max(...siblings));
    }
    expect(result.answer).toBe("42");
  });

  it("with rollout values: outcomes of rollouts checked by scoreOutcome propagate to the root", async () => {
    // The high-prior first step leads to a wrong answer, the low-prior one to the right one.
    const script: Script = (path, seed) => {
      if (path.length === 0)
        return seed % 2 === 0 ? { text: "good start", logProb: -1 } : { text: "bad start", logProb: -0.5 };
      const good = path[0] === "good start";
      if (path.length < 3) return { text: `step ${path.length + 1} s${seed}` };
      return { text: `Answer: ${good ? 42 : 7}`, answer: good ? "42" : "7" };
    };
    const policy = new FakePolicy(script);
    const scorer = new FakeScorer({ outcome: mathOutcome });
    const result = await mcts({ problem: "p", policy, scorer, iterations: 12, width: 2, value: "rollout" });
    const nodes = result.tree.nodes;
    const good = nodes.find((n) => n.stepText === "good start");
    const bad = nodes.find((n) => n.stepText === "bad start");
    expect([good!.value, bad!.value]).toEqual([1, 0]);
    expect(good!.visits).toBeGreaterThan(bad!.visits);
    expect(nodes[0]!.value).toBeCloseTo(good!.visits / 12, 12);
    expectConsistentVisits(nodes);
    expect(scorer.stepCalls).toBe(0);
    expect(scorer.outcomeCalls).toBe(result.spent.rewardCalls);
    expect(policy.calls.filter((c) => c.kind === "rollout").length).toBeGreaterThan(0);
    expect(result.answer).toBe("42");
  });

  it("does not expand past maxDepth, revaluing such leaves instead", async () => {
    const policy = new FakePolicy((path, seed) => ({ text: `step ${path.length + 1} s${seed}` }));
    const result = await mcts({
      problem: "p",
      policy,
      scorer: new FakeScorer(),
      iterations: 30,
      width: 2,
      maxDepth: 2,
    });
    expect(Math.max(...result.tree.nodes.map((n) => n.depth))).toBe(2);
    expect(result.tree.nodes[0]!.visits).toBe(30);
    expect(result.answer).toBeNull();
  });

  it("finishes the most visited path by one greedy rollout when the rounds end before any answer", async () => {
    const policy = new FakePolicy(mathScript);
    const result = await mcts({ problem: "p", policy, scorer: new FakeScorer(), iterations: 2, width: 2 });
    expect(result.tree.nodes.some((n) => n.answer !== null)).toBe(false);
    const rollouts = policy.calls.filter((c) => c.kind === "rollout");
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0]!.sampling.temperature).toBe(0);
    expect(result.answer).not.toBeNull();
    expect(result.path.at(-1)?.nodeId).toBeNull();
    expect(result.path.at(-1)?.text).toMatch(new RegExp(`^Answer: ${result.answer} `));
    // The rollout is charged like any policy call.
    expect(result.spent.generatedTokens).toBe(policy.totals.generatedTokens);
  });

  it("rejects bad options, naming the field", async () => {
    const base = { problem: "p", policy: new FakePolicy(mathScript), scorer: new FakeScorer() };
    await expect(mcts({ ...base, cPuct: -1 })).rejects.toMatchObject({ field: "cPuct" });
    await expect(mcts({ ...base, value: "vote" as "prm" })).rejects.toMatchObject({ field: "value" });
    await expect(mcts({ ...base, iterations: 0 })).rejects.toMatchObject({ field: "iterations" });
    await expect(mcts({ ...base, width: 2.5 })).rejects.toMatchObject({ field: "width" });
  });
});
