import { describe, expect, it } from "vitest";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { treeLayout } from "../../../src-renderer/src/components/tree/treeLayout.js";
import { shownIndex, treeScene } from "../../../src-renderer/src/components/tree/treeScene.js";
import { searchTree } from "../../../src-renderer/src/components/tree/treeSearch.js";
import { walkTree } from "../../../src-renderer/src/components/tree/walkTree.js";

/** A tree from (parent, step text, answer) rows; row i is node i. */
function tree(rows: [number | null, string, string | null][]): Map<number, ThoughtNode> {
  const nodes = new Map<number, ThoughtNode>();
  rows.forEach(([parent, stepText, answer], id) => {
    nodes.set(id, {
      ...{ id, parent, stepText, tokenCount: 1, logProb: 0, count: 1, prmScore: null, visits: 0, value: null },
      ...{ terminal: answer !== null, answer, depth: 0, children: [], chosen: false },
    });
    if (parent !== null) nodes.get(parent)?.children.push(id);
  });
  return nodes;
}

// 0 ─┬─ 1 "add 4" ── 4 "answer 402"
//    ├─ 2 "add 4"  (grouped with 1)── 5 "answer 406"
//    └─ 3 "times 4"
const nodes = tree([
  [null, "", null],
  [0, "add 4", null],
  [0, "add 4", null],
  [0, "times 4", null],
  [1, "The answer is 402", "402"],
  [2, "The answer is 406", "406"],
]);

function sceneOf(group: boolean) {
  const groupedInto = new Map<number, number>();
  return treeScene(treeLayout(nodes, new Set(), { groupSiblings: group, groupedInto }), nodes, groupedInto);
}

describe("walkTree", () => {
  const scene = sceneOf(true);
  const at = (id: number) => scene.indexOf.get(id) ?? -1;

  it("starts at the root, goes to the first child, between drawn siblings and back up", () => {
    expect(walkTree(scene, -1, "ArrowDown")).toBe(0);
    expect(walkTree(scene, at(0), "ArrowRight")).toBe(1);
    expect(walkTree(scene, at(1), "ArrowDown")).toBe(3); // 2 is grouped into 1: not a stop of its own
    expect(walkTree(scene, at(3), "ArrowDown")).toBe(3);
    expect(walkTree(scene, at(4), "ArrowLeft")).toBe(1);
    expect(walkTree(scene, at(3), "ArrowRight")).toBeUndefined();
    expect(walkTree(scene, at(1), "Enter")).toBeUndefined();
  });
});

describe("searchTree", () => {
  it("marks the drawn node that shows each match, its group's or its ancestor's when grouped away", () => {
    const scene = sceneOf(true);
    const found = searchTree(scene, nodes, "  ANSWER is 40");
    expect(found?.ids).toEqual([4, 5]);
    // 5 hangs under 2, grouped into 1: the group's node is marked.
    expect(shownIndex(scene, nodes, 5)).toBe(scene.indexOf.get(1));
    expect(found?.marks[scene.indexOf.get(4)!]).toBe(1);
    expect(found?.marks[scene.indexOf.get(1)!]).toBe(1);
    expect(found?.marks[scene.indexOf.get(3)!]).toBe(0);
  });

  it("finds answers as well as step text, and nothing for a blank query", () => {
    const scene = sceneOf(false);
    expect(searchTree(scene, nodes, "406")?.ids).toEqual([5]);
    expect(searchTree(scene, nodes, "times")?.ids).toEqual([3]);
    expect(searchTree(scene, nodes, "   ")).toBeNull();
  });
});
