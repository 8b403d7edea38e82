import { describe, expect, it } from "vitest";
import {
  zeroAnnotationCost,
  type AnnotatedSolution,
  type HardLabel,
} from "../../../src-main/core/annotate/AnnotatedSolution.js";
import { annotateByTree } from "../../../src-main/core/annotate/annotateByTree.js";
import { compareFirstErrors, isMonotone } from "../../../src-main/core/annotate/compareFirstErrors.js";
import { compareWithChecker } from "../../../src-main/core/annotate/compareWithChecker.js";
import { labelsFromTree } from "../../../src-main/core/annotate/labelsFromTree.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { TreeFormatError } from "../../../src-main/core/tree/TreeFormatError.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";
import { FakePolicy } from "../search/FakePolicy.js";
import { mathScript } from "../search/mathScript.js";

function node(
  id: number,
  parent: number | null,
  o: Partial<ThoughtNode> & Pick<ThoughtNode, "stepText" | "depth">,
): ThoughtNode {
  return {
    id,
    parent,
    tokenCount: 3,
    logProb: -1,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: false,
    answer: null,
    children: [],
    chosen: false,
    ...o,
  };
}

/**
 * root ─ 1 "Step 1: a" (visits 6, value 0.5)
 *        ├ 2 "Step 2: b" (4, 0.75) ─ 4 "Answer: 42" (3, 1)   right answer
 *        │                         └ 5 "Answer: 40" (0, null) never visited, wrong
 *        └ 3 "Step 2: c" (2, 0)    ─ 6 "Answer: 7"  (1, 0)   wrong
 */
const tree: TreeJson = {
  format: "mull-thought-tree",
  version: 1,
  nodes: [
    node(0, null, { stepText: "", depth: 0, visits: 6, value: 0.5, children: [1] }),
    node(1, 0, { stepText: "Step 1: a", depth: 1, visits: 6, value: 0.5, children: [2, 3] }),
    node(2, 1, { stepText: "Step 2: b", depth: 2, visits: 4, value: 0.75, children: [4, 5] }),
    node(3, 1, { stepText: "Step 2: c", depth: 2, visits: 2, value: 0, children: [6] }),
    node(4, 2, { stepText: "Answer: 42", depth: 3, visits: 3, value: 1, terminal: true, answer: "42" }),
    node(5, 2, { stepText: "Answer: 40", depth: 3, terminal: true, answer: "40" }),
    node(6, 3, { stepText: "Answer: 7", depth: 3, visits: 1, value: 0, terminal: true, answer: "7" }),
  ],
};

describe("labelsFromTree", () => {
  it("makes one solution per answer node, labelled by its path's MCTS values", () => {
    const out = labelsFromTree(tree, "p-1", "What is 6 * 7?", "42");
    expect(out.map((s) => s.steps)).toEqual([
      ["Step 1: a", "Step 2: b", "Answer: 42"],
      ["Step 1: a", "Step 2: b", "Answer: 40"],
      ["Step 1: a", "Step 2: c", "Answer: 7"],
    ]);
    expect(out.map((s) => s.soft)).toEqual([
      [0.5, 0.75, 1],
      [0.5, 0.75, 0], // never visited: the answer check's label
      [0.5, 0, 0],
    ]);
    expect(out.map((s) => s.hard)).toEqual([
      [1, 1, 1],
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect(out.map((s) => s.rolloutsPerStep)).toEqual([
      [6, 4, 3],
      [6, 4, 0],
      [6, 2, 1],
    ]);
    expect(out.map((s) => [s.answer, s.correct, s.firstError])).toEqual([
      ["42", true, null],
      ["40", false, 2],
      ["7", false, 1],
    ]);
    for (const s of out)
      expect([s.method, s.problemId, s.reference, s.cost]).toEqual(["tree", "p-1", "42", zeroAnnotationCost()]);
  });

  it("gives null labels to a node never valued, and refuses a tree that is not whole", () => {
    const unvalued = structuredClone(tree);
    unvalued.nodes[3] = { ...unvalued.nodes[3]!, visits: 0, value: null };
    expect(labelsFromTree(unvalued, "p", "q", "42")[2]?.hard).toEqual([1, null, 0]);
    const broken = structuredClone(tree);
    broken.nodes[4] = { ...broken.nodes[4]!, parent: 9 };
    expect(() => labelsFromTree(broken, "p", "q", "42")).toThrow(TreeFormatError);
  });
});

describe("annotateByTree (MCTS valued by rollouts against the reference)", () => {
  it("labels the answer paths of the finished tree and charges the search, every rollout counted", async () => {
    const policy = new FakePolicy(mathScript);
    const out = await annotateByTree({
      policy,
      problemId: "p-1",
      problem: "What is 6 * 7?",
      reference: "42",
      iterations: 24,
      width: 3,
      sampling: { seed: 1 },
      maxDepth: 5,
      stepDelimiter: "\n",
      answerPattern: "^Answer: (\\d+)",
    });
    expect(out.solutions.length).toBeGreaterThan(0);
    expect(out.solutions.map((s) => s.answer)).toEqual(
      out.tree.nodes.filter((n) => n.answer !== null).map((n) => n.answer),
    );
    // mathScript: an answer after a "wrong" step is 7, else 42; the labels are the values, and the answer line the check.
    for (const s of out.solutions) {
      expect(s.correct).toBe(!s.steps.some((t) => t.includes("wrong")));
      expect(s.hard.at(-1)).toBe(s.correct ? 1 : 0);
      for (const v of s.soft) if (v !== null) expect(Math.min(v, 1 - v)).toBeGreaterThanOrEqual(0);
    }
    const rollouts = policy.calls.filter((c) => c.kind === "rollout").length;
    expect(rollouts).toBeGreaterThan(0);
    expect(out.cost.rollouts).toBe(rollouts);
    expect(out.cost.generatedTokens).toBe(policy.totals.generatedTokens);
    expect(out.cost.evaluatedTokens).toBe(policy.totals.evaluatedTokens);
    expect(out.solutions[0]?.cost).toEqual(out.cost);
    expect(out.solutions.slice(1).every((s) => s.cost.rollouts === 0)).toBe(true);
  });

  it("refuses iterations 0 naming the field", async () => {
    const call = annotateByTree({
      policy: new FakePolicy(mathScript),
      problemId: "p",
      problem: "q",
      reference: "42",
      iterations: 0,
      sampling: {},
      maxDepth: 5,
      stepDelimiter: "\n",
    });
    await expect(call).rejects.toThrow("iterations: must be a whole number ≥ 1, got 0");
  });
});

function solution(
  steps: string[],
  answer: string | null,
  hard: HardLabel[],
  o: Partial<AnnotatedSolution> = {},
): AnnotatedSolution {
  const firstError = hard.indexOf(0);
  return {
    problemId: "p",
    problem: "q",
    reference: "42",
    steps,
    answer,
    correct: answer === "42",
    method: "mc",
    soft: hard.map((h) => h),
    hard,
    rolloutsPerStep: hard.map(() => 8),
    firstError: firstError < 0 ? null : firstError,
    cost: { ...zeroAnnotationCost(), rollouts: 8 * hard.length },
    ...o,
  };
}

describe("compareWithChecker", () => {
  it("counts agreement overall and per step position, only where both label", () => {
    const out = compareWithChecker([
      // Checker: 1, 0 (2 + 3 = 6 is wrong), 0. MC: 1, 1, 0 → agree, disagree (MC recovered), agree.
      solution(["Step 1: 4 * 5 = 20.", "Step 2: 2 + 3 = 6.", "Answer: 41"], "41", [1, 1, 0]),
      // Sound arithmetic, wrong answer: the checker knows only the answer line (0). MC says 1 there: disagree.
      solution(["Step 1: 6 * 7 = 42.", "Answer: 40"], "40", [0, 1]),
      // Right answer, sound arithmetic: checker 1, 1. MC 0, 1.
      solution(["Step 1: 6 * 7 = 42.", "Answer: 42"], "42", [0, 1]),
    ]);
    expect(out.compared).toBe(6);
    expect(out.agree).toBe(3);
    expect(out.rate).toBe(0.5);
    expect(out.annotationOnlyWrong).toBe(1);
    expect(out.checkerOnlyWrong).toBe(2);
    expect(out.byPosition).toEqual([
      { position: 0, compared: 2, agree: 1, rate: 0.5 },
      { position: 1, compared: 3, agree: 1, rate: 1 / 3 },
      { position: 2, compared: 1, agree: 1, rate: 1 },
    ]);
  });

  it("skips steps an annotation left unlabelled, and says null with nothing to compare", () => {
    const out = compareWithChecker([solution(["Step 1: 1 + 1 = 3.", "Step 2: x", "Answer: 2"], "2", [0, null, null])]);
    expect(out.compared).toBe(1);
    expect(out.byPosition).toEqual([{ position: 0, compared: 1, agree: 1, rate: 1 }]);
    expect(compareWithChecker([]).rate).toBeNull();
  });
});

describe("compareFirstErrors", () => {
  const a = ["s1", "s2", "s3", "Answer: 7"];
  it("counts same first errors, monotone pairs, rollouts and the saving", () => {
    const mc = [
      solution(a, "7", [1, 0, 0, 0]),
      solution(a, "7", [1, 0, 1, 0]), // not monotone
      solution(["s1", "Answer: 42"], "42", [1, 1]),
    ];
    const omega = [
      solution(a, "7", [1, 0, null, 0], { method: "omega", cost: { ...zeroAnnotationCost(), rollouts: 16 } }),
      solution(a, "7", [1, 1, 1, 0], { method: "omega", cost: { ...zeroAnnotationCost(), rollouts: 16 } }),
      solution(["s1", "Answer: 42"], "42", [1, 1], { method: "omega", cost: zeroAnnotationCost() }),
    ];
    const out = compareFirstErrors(mc, omega);
    expect(out).toEqual({
      solutions: 3,
      sameFirstError: 2,
      sameRate: 2 / 3,
      monotone: 2,
      sameWhereMonotone: 2,
      mcRollouts: 32 + 32 + 16,
      omegaRollouts: 32,
      saving: 80 / 32,
    });
  });

  it("refuses lists that are not the same solutions", () => {
    expect(() => compareFirstErrors([solution(a, "7", [1, 0, 0, 0])], [])).toThrow(
      "omega: holds 0 solutions where mc holds 1",
    );
    expect(() => compareFirstErrors([solution(a, "7", [1, 0, 0, 0])], [solution(["x"], null, [1])])).toThrow(
      "omega: solution 1 is not the same solution as mc's 1",
    );
    expect(compareFirstErrors([], []).saving).toBeNull();
  });

  it("isMonotone skips nulls and finds a 1 after a 0", () => {
    expect(isMonotone([1, null, 1, 0, null, 0])).toBe(true);
    expect(isMonotone([1, 0, null, 1])).toBe(false);
  });
});
