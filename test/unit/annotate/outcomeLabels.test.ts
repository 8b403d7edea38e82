import { describe, expect, it } from "vitest";
import { labelsFromOutcomes, outcomeValues } from "../../../src-main/core/annotate/outcomeLabels.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";

/** A node of a hand-made tree; children are filled in by `tree`. */
function node(id: number, parent: number | null, stepText: string, extra: Partial<ThoughtNode> = {}): ThoughtNode {
  return {
    id,
    parent,
    stepText,
    tokenCount: 3,
    logProb: -1,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: false,
    answer: null,
    depth: 0,
    children: [],
    chosen: false,
    ...extra,
  };
}

function tree(nodes: ThoughtNode[]): TreeJson {
  for (const n of nodes) {
    if (n.parent !== null) {
      const p = nodes[n.parent] as ThoughtNode;
      p.children.push(n.id);
      n.depth = p.depth + 1;
    }
  }
  return { format: "mull-thought-tree", version: 1, nodes };
}

// Root → a (3 * 4 = 12) → { Answer: 14 (×2), Answer: 15 }; root → b (2 + 3 = 5) → { Answer: 20, unfinished c }.
// One finished path cut at the length limit (no answer) under b, and a pruned leaf d under the root.
const t = tree([
  node(0, null, ""),
  node(1, 0, "3 * 4 = 12."),
  node(2, 1, "Answer: 14", { terminal: true, answer: "14", count: 2 }),
  node(3, 1, "Answer: 15", { terminal: true, answer: "15" }),
  node(4, 0, "2 + 3 = 5."),
  node(5, 4, "Answer: 20", { terminal: true, answer: "20" }),
  node(6, 4, "5 * 4 =", { terminal: true, finishReason: "length" }),
  node(7, 4, "5 * 4 = 20."),
  node(8, 0, "pruned"),
]);

describe("outcome labels: the fraction of a node's finished leaves whose answer is the reference", () => {
  it("weights merged samples by count, counts an answerless finish as wrong, ignores unfinished leaves", () => {
    const v = outcomeValues(t, "14");
    expect(v.map((x) => x.soft)).toEqual([2 / 5, 2 / 3, 1, 0, 0, 0, 0, null, null]);
    expect(v.map((x) => x.finished)).toEqual([5, 3, 2, 1, 2, 1, 1, 0, 0]);
  });

  it("the answer is matched as the checker matches it (14.0 is 14)", () => {
    expect(outcomeValues(t, "14.0")[1]?.soft).toBeCloseTo(2 / 3);
  });

  it("each finished path becomes a solution, labelled step by step, with no rollouts spent", () => {
    const solutions = labelsFromOutcomes(t, "run-3/solve", "What is 2 + 3 * 4?", "14");
    expect(solutions.map((s) => s.steps)).toEqual([
      ["3 * 4 = 12.", "Answer: 14"],
      ["3 * 4 = 12.", "Answer: 15"],
      ["2 + 3 = 5.", "Answer: 20"],
      ["2 + 3 = 5.", "5 * 4 ="],
    ]);
    expect(solutions[0]).toMatchObject({
      problemId: "run-3/solve",
      answer: "14",
      correct: true,
      method: "tree",
      soft: [2 / 3, 1],
      hard: [1, 1],
      rolloutsPerStep: [3, 2],
      firstError: null,
    });
    expect(solutions[1]).toMatchObject({ correct: false, hard: [1, 0], firstError: 1 });
    expect(solutions[3]).toMatchObject({ answer: null, correct: false, hard: [0, 0], firstError: 0 });
    expect(solutions.every((s) => s.cost.rollouts === 0)).toBe(true);
  });

  it("a tree with no finished leaf gives no solution", () => {
    expect(labelsFromOutcomes(tree([node(0, null, ""), node(1, 0, "x")]), "p", "q", "1")).toEqual([]);
  });
});
