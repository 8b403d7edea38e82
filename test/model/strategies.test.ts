import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { runSearch, type StrategyOptions } from "../../src-main/core/search/runSearch.js";
import type { SearchResult } from "../../src-main/core/search/SearchResult.js";
import type { StrategyName } from "../../src-main/core/search/StrategyName.js";
import type { ThoughtNode } from "../../src-main/core/tree/ThoughtNode.js";
import type { TreeEvent } from "../../src-main/core/tree/TreeEvent.js";

// Every strategy once on the embedded larger policy and the embedded PRM, as `mull solve` runs them. What is
// checked is what a user relies on whatever the models' accuracy: the streamed events rebuild the returned tree,
// the counters agree with the tree, the chosen path is the tree's marked path and ends in the answer.
const PROBLEM = "Solve for x: 2x + 3 = 7";

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

async function solve<N extends StrategyName>(
  strategy: N,
  options: Partial<StrategyOptions[N]>,
): Promise<{ result: SearchResult; events: TreeEvent[] }> {
  const events: TreeEvent[] = [];
  const result = await runSearch(strategy, {
    problem: PROBLEM,
    policy,
    scorer: prm,
    seed: 7,
    onEvent: (e: TreeEvent) => events.push(e),
    ...options,
  } as StrategyOptions[N]);
  return { result, events };
}

/** The tree a view would hold after applying the node-added events alone. */
function nodesFromEvents(events: TreeEvent[]): Map<number, Pick<ThoughtNode, "parent" | "stepText">> {
  const nodes = new Map<number, Pick<ThoughtNode, "parent" | "stepText">>();
  for (const e of events) if (e.type === "node-added") nodes.set(e.node.id, e.node);
  return nodes;
}

function checkCommonInvariants(result: SearchResult, events: TreeEvent[]): void {
  const nodes = result.tree.nodes;
  // The events streamed rebuild the returned tree exactly (the root, which is the problem, is never streamed).
  const streamed = nodesFromEvents(events);
  expect(streamed.size).toBe(nodes.length - 1);
  for (const n of nodes.slice(1)) expect(streamed.get(n.id)).toMatchObject({ parent: n.parent, stepText: n.stepText });
  // Counters agree with the tree.
  expect(result.spent.nodes).toBe(nodes.length - 1);
  const treeTokens = nodes.reduce((sum, n) => sum + n.tokenCount, 0);
  expect(result.spent.generatedTokens).toBeGreaterThanOrEqual(treeTokens);
  expect(result.spent.evaluatedTokens).toBeGreaterThan(0);
  // The last event is done, and names the same chosen path and answer as the result.
  const done = events.at(-1);
  expect(done?.type).toBe("done");
  if (done?.type !== "done") return;
  expect(done.answer).toBe(result.answer);
  expect(done.stoppedBy).toBe(result.stoppedBy);
  const chosen = nodes.filter((n) => n.chosen).map((n) => n.id);
  expect(done.chosen.slice(1)).toEqual(chosen.filter((id) => id !== 0));
  const treePath = result.path.filter((p) => p.nodeId !== null);
  expect(treePath.map((p) => p.nodeId)).toEqual(done.chosen.slice(1, 1 + treePath.length));
  for (const p of treePath) expect(nodes[p.nodeId ?? -1]?.stepText).toBe(p.text);
  // Whatever it chose ends in an answer line whose value is the answer.
  expect(result.answer).not.toBeNull();
  expect(result.path.at(-1)?.text).toBe(`Answer: ${result.answer}`);
}

describe("each strategy on the embedded policy and PRM", () => {
  it("greedy: one chain, never scored", async () => {
    const { result, events } = await solve("greedy", {});
    checkCommonInvariants(result, events);
    expect(result.tree.nodes.every((n) => n.children.length <= 1)).toBe(true);
    expect(result.spent.rewardCalls).toBe(0);
    expect(result.path.every((p) => p.score === null)).toBe(true);
  });

  it("self-consistency: the answer is the majority of the sampled answers", async () => {
    const { result, events } = await solve("self-consistency", { n: 6 });
    checkCommonInvariants(result, events);
    // Identical samples share nodes (count): the answer nodes' counts are the six samples' votes.
    const answers = result.tree.nodes.filter((n) => n.answer !== null);
    expect(answers.reduce((sum, n) => sum + n.count, 0)).toBe(6);
    const votes = new Map<string, number>();
    for (const a of answers) votes.set(a.answer ?? "", (votes.get(a.answer ?? "") ?? 0) + a.count);
    expect(votes.get(result.answer ?? "")).toBe(Math.max(...votes.values()));
    expect(result.spent.rewardCalls).toBe(0);
  });

  it("best-of-n by PRM: the chosen solution has the highest last-step score", async () => {
    const { result, events } = await solve("best-of-n", { n: 6 });
    checkCommonInvariants(result, events);
    // Each distinct solution is scored once; identical ones share their leaf (count).
    const finals = result.tree.nodes.filter((n) => n.terminal);
    expect(finals.reduce((sum, n) => sum + n.count, 0)).toBe(6);
    expect(result.spent.rewardCalls).toBe(finals.length);
    const best = Math.max(...finals.map((n) => n.value ?? -1));
    expect(result.path.at(-1)?.score).toBeCloseTo(best, 6);
    for (const p of result.path) expect(p.score).toBeGreaterThanOrEqual(0);
  });

  it("beam search: at most N nodes per depth, the kept beams' children only", async () => {
    const { result, events } = await solve("beam", { n: 4, beamWidth: 2 });
    checkCommonInvariants(result, events);
    const byDepth = new Map<number, number>();
    for (const n of result.tree.nodes) byDepth.set(n.depth, (byDepth.get(n.depth) ?? 0) + 1);
    for (const [depth, count] of byDepth) if (depth > 0) expect(count).toBeLessThanOrEqual(4);
    expect(result.spent.rewardCalls).toBeGreaterThan(0);
    for (const p of result.path) expect(p.score).not.toBeNull();
  });

  it("DVTS: N/M subtrees, each growing from one tip per depth", async () => {
    const { result, events } = await solve("dvts", { n: 4, beamWidth: 2 });
    checkCommonInvariants(result, events);
    const parentsByDepth = new Map<number, Set<number>>();
    for (const n of result.tree.nodes)
      if (n.parent !== null) parentsByDepth.set(n.depth, (parentsByDepth.get(n.depth) ?? new Set()).add(n.parent));
    // Depth 1: both subtrees expand the root (4 samples; identical ones are one node). Deeper: each live subtree
    // expands exactly its own tip, M = 2 samples, so a tip's children stand for 2 samples (4 when two subtrees
    // had no distinct candidate and share it).
    const samples = (id: number) =>
      result.tree.nodes[id]!.children.reduce((s, c) => s + result.tree.nodes[c]!.count, 0);
    expect(samples(0)).toBe(4);
    for (const [depth, parents] of parentsByDepth) if (depth > 1) expect(parents.size).toBeLessThanOrEqual(2);
    for (const n of result.tree.nodes) if (n.id !== 0) expect([0, 2, 4]).toContain(samples(n.id));
  });

  it("MCTS: the root is visited once per finished round, and visits flow down", async () => {
    const { result, events } = await solve("mcts", { iterations: 12, width: 3 });
    checkCommonInvariants(result, events);
    const root = result.tree.nodes[0];
    expect(root?.visits).toBeGreaterThan(0);
    expect(root?.visits).toBeLessThanOrEqual(12);
    for (const n of result.tree.nodes) {
      const childVisits = n.children.reduce((s, c) => s + (result.tree.nodes[c]?.visits ?? 0), 0);
      expect(childVisits).toBeLessThanOrEqual(n.visits);
    }
    expect(events.some((e) => e.type === "node-visited")).toBe(true);
  });

  it("stops at the first cap reached and says which", async () => {
    const { result } = await solve("beam", { n: 4, beamWidth: 2, budget: { nodes: 3 } });
    expect(result.stoppedBy).toBe("nodes");
    expect(result.tree.nodes.length - 1).toBe(3);
  });

  it("is deterministic for a seed", async () => {
    const a = await solve("beam", { n: 4, beamWidth: 2 });
    const b = await solve("beam", { n: 4, beamWidth: 2 });
    expect(b.result.tree.nodes.map((n) => n.stepText)).toEqual(a.result.tree.nodes.map((n) => n.stepText));
    expect(b.result.answer).toBe(a.result.answer);
  });
});
