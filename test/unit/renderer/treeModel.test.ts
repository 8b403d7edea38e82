import { describe, expect, it } from "vitest";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { TreeModel } from "../../../src-renderer/src/stores/TreeModel.js";

function node(id: number, parent: number | null, extra: Partial<ThoughtNode> = {}): ThoughtNode {
  return {
    id,
    parent,
    stepText: id === 0 ? "" : `step ${id}`,
    tokenCount: 3,
    logProb: -1,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: false,
    answer: null,
    depth: parent === null ? 0 : 1,
    children: [],
    chosen: false,
    ...extra,
  };
}

describe("TreeModel applying a search's events", () => {
  it("starts with the root, which core's tree never reports, and attaches steps to it in arrival order", () => {
    const tree = new TreeModel();
    expect(tree.root?.id).toBe(0);
    tree.apply({ type: "node-added", node: node(2, 0) });
    tree.apply({ type: "node-added", node: node(1, 0) });
    expect(tree.size).toBe(3);
    expect(tree.nodes.get(0)?.children).toEqual([2, 1]);
    expect(tree.structureVersion).toBe(2);
  });

  it("keeps the children it attached when the root is reported after all", () => {
    const tree = new TreeModel();
    tree.apply({ type: "node-added", node: node(1, 0) });
    tree.apply({ type: "node-added", node: node(0, null) });
    expect(tree.nodes.get(0)?.children).toEqual([1]);
  });

  it("keeps its own copy of a node, so later events do not touch the payload", () => {
    const tree = new TreeModel();
    const payload = node(0, null);
    tree.apply({ type: "node-added", node: payload });
    tree.apply({ type: "node-added", node: node(1, 0) });
    expect(payload.children).toEqual([]);
  });

  it("updates score, value and visits in place without a structure change", () => {
    const tree = new TreeModel();
    tree.apply({ type: "node-added", node: node(0, null) });
    tree.apply({ type: "node-added", node: node(1, 0) });
    const structure = tree.structureVersion;
    tree.apply({ type: "node-scored", id: 1, prmScore: 0.7, value: 0.6 });
    tree.apply({ type: "node-visited", id: 1, visits: 4, value: 0.55 });
    tree.apply({ type: "node-selected", id: 1 });
    const one = tree.nodes.get(1);
    expect(one?.prmScore).toBe(0.7);
    expect(one?.visits).toBe(4);
    expect(one?.value).toBe(0.55);
    expect(tree.selected.has(1)).toBe(true);
    expect(tree.structureVersion).toBe(structure);
    expect(tree.version).toBe(5);
  });

  it("marks the chosen path and the answer when the search is done", () => {
    const tree = new TreeModel();
    tree.apply({ type: "node-added", node: node(0, null) });
    tree.apply({ type: "node-added", node: node(1, 0) });
    tree.apply({ type: "node-added", node: node(2, 0, { terminal: true, answer: "2" }) });
    tree.apply({ type: "done", stoppedBy: "complete", answer: "2", chosen: [0, 2] });
    expect(tree.answer).toBe("2");
    expect(tree.done).toBe(true);
    expect([...tree.nodes.values()].filter((n) => n.chosen).map((n) => n.id)).toEqual([0, 2]);
  });

  it("keeps the latest budget totals", () => {
    const tree = new TreeModel();
    const spent = { generatedTokens: 10, evaluatedTokens: 20, rewardCalls: 1, nodes: 2, ms: 5 };
    tree.apply({ type: "budget-spent", spent });
    expect(tree.spent).toEqual(spent);
  });

  it("gives the path from the root to a node", () => {
    const tree = new TreeModel();
    tree.apply({ type: "node-added", node: node(0, null) });
    tree.apply({ type: "node-added", node: node(1, 0) });
    tree.apply({ type: "node-added", node: node(2, 1) });
    expect(tree.pathTo(2).map((n) => n.id)).toEqual([0, 1, 2]);
    expect(tree.pathTo(9)).toEqual([]);
  });

  it("rebuilds a saved tree with its chosen path", () => {
    const saved = [node(0, null, { children: [1], chosen: true }), node(1, 0, { chosen: true })];
    const tree = TreeModel.fromJson({ format: "mull-thought-tree", version: 1, nodes: saved });
    expect(tree.nodes.get(0)?.children).toEqual([1]);
    expect(tree.chosen).toEqual([0, 1]);
  });
});
