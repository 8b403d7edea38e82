import { describe, expect, it } from "vitest";
import { dvts } from "../../../src-main/core/search/dvts.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

/** Three steps scored by a hash of the seed, then an answer. */
const hashed: Script = (path, seed) => {
  const score = ((seed * 37) % 97) / 100;
  return path.length < 3
    ? { text: `d${path.length + 1} s${seed} [${score}]` }
    : { text: `Answer: ${seed % 5} [${score}]`, answer: `${seed % 5}` };
};

/** The depth-1 node a node descends from: which subtree it belongs to. */
const subtreeRoot = (nodes: readonly ThoughtNode[], id: number): number => {
  let node = nodes[id]!;
  while (node.depth > 1) node = nodes[node.parent!]!;
  return node.id;
};

describe("DVTS", () => {
  it("grows N/M disjoint subtrees, each expanding only its best node into M children per depth", async () => {
    const policy = new FakePolicy(hashed);
    const result = await dvts({ problem: "p", policy, scorer: new FakeScorer(), n: 6, beamWidth: 2, seed: 5 });
    const nodes = result.tree.nodes;
    // The root is expanded once per subtree, M candidates each.
    expect(policy.calls.filter((c) => c.path.length === 0).map((c) => c.k)).toEqual([2, 2, 2]);
    expect(policy.calls.every((c) => c.k === 2)).toBe(true);
    expect(nodes[0]!.children).toEqual([1, 2, 3, 4, 5, 6]);
    const groups = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    // Exactly one node per subtree per depth is expanded, and it is the best of its siblings.
    for (let depth = 1; depth <= 3; depth++) {
      const expanded = nodes.filter((n) => n.depth === depth && n.children.length > 0);
      expect(expanded).toHaveLength(3);
      for (const node of expanded) {
        // At depth 1 a subtree's candidates are its own group of the root's children, not all of them.
        const ids = depth === 1 ? groups.find((g) => g.includes(node.id))! : nodes[node.parent!]!.children;
        const siblings = ids.map((id) => nodes[id]!);
        expect(node.children).toHaveLength(2);
        expect(Math.max(...siblings.map((s) => s.value!))).toBe(node.value);
      }
      const owners = expanded.map((n) => groups.findIndex((g) => g.includes(subtreeRoot(nodes, n.id))));
      expect(owners).toEqual([0, 1, 2]);
    }
    // Subtrees are disjoint: every node below depth 1 descends from one chosen first step of its own group.
    const roots = new Set(nodes.filter((n) => n.depth > 1).map((n) => subtreeRoot(nodes, n.id)));
    expect(roots.size).toBe(3);
    expect(nodes.filter((n) => n.depth === 4)).toHaveLength(6);
  });

  it("answers with the best of the subtrees' final nodes", async () => {
    const result = await dvts({
      problem: "p",
      policy: new FakePolicy(hashed),
      scorer: new FakeScorer(),
      n: 6,
      beamWidth: 2,
      seed: 5,
    });
    const nodes = result.tree.nodes;
    // Each subtree's final node: the first of the best-valued children of its last expanded node.
    const finals = nodes
      .filter((n) => n.depth === 3 && n.children.length > 0)
      .map((parent) => parent.children.map((id) => nodes[id]!).reduce((a, b) => (b.value! > a.value! ? b : a)));
    expect(finals).toHaveLength(3);
    const best = finals.reduce((a, b) => (b.value! > a.value! ? b : a));
    expect(result.answer).toBe(best.answer);
    expect(result.score).toBe(best.value);
  });

  it("rejects a beam width that does not divide n", async () => {
    const run = dvts({ problem: "p", policy: new FakePolicy(hashed), scorer: new FakeScorer(), n: 8, beamWidth: 3 });
    await expect(run).rejects.toMatchObject({ name: "SearchOptionError", field: "beamWidth" });
  });
});
