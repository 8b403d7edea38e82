import { describe, expect, it } from "vitest";
import type { ThoughtNode, TreeJson } from "../../../src-main/api/wireTypes.js";
import { pathNodeIds } from "../../../src-renderer/src/stores/itemResult.js";

/** A node with the fields pathNodeIds reads; the rest as a saved tree has them. */
function node(id: number, parent: number | null, stepText: string, children: number[], chosen = false): ThoughtNode {
  return {
    id,
    parent,
    stepText,
    tokenCount: 1,
    logProb: 0,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: children.length === 0,
    answer: null,
    depth: 0,
    children,
    chosen,
  };
}

// root → "Step 1: a" twice kept apart (only node 2 chosen) → "Answer: 2" under node 2.
const tree: TreeJson = {
  format: "mull-thought-tree",
  version: 1,
  nodes: [
    node(0, null, "", [1, 2], true),
    node(1, 0, "Step 1: a", []),
    node(2, 0, "Step 1: a", [3], true),
    node(3, 2, "Answer: 2", [], true),
  ],
};

describe("pathNodeIds: a saved path's steps found in the saved tree", () => {
  it("follows the chosen node where identical steps were kept apart", () => {
    expect(pathNodeIds([{ text: "Step 1: a" }, { text: "Answer: 2" }], tree)).toEqual([2, 3]);
  });

  it("gives null to a step the tree does not hold (an MCTS rollout) and to every step after it", () => {
    expect(pathNodeIds([{ text: "Step 1: a" }, { text: "rollout" }, { text: "Answer: 2" }], tree)).toEqual([
      2,
      null,
      null,
    ]);
    expect(pathNodeIds([{ text: "Step 1: a" }], undefined)).toEqual([null]);
  });
});
