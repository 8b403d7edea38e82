import { describe, expect, it } from "vitest";
import type { AnnotationView } from "../../../src-main/api/wireTypes.js";
import { zeroAnnotationCost, type AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import { nodeLabels } from "../../../src-renderer/src/stores/nodeLabels.js";

function solution(steps: string[], soft: (number | null)[]): AnnotatedSolution {
  return {
    ...{ problemId: "run-1/solve", problem: "p", reference: "2", steps, answer: "2", correct: true, method: "mc" },
    soft,
    hard: soft.map((s) => (s === null ? null : s > 0 ? 1 : 0)),
    rolloutsPerStep: steps.map(() => 4),
    firstError: null,
    cost: zeroAnnotationCost(),
  };
}

describe("nodeLabels", () => {
  it("labels each step's node, skips steps without one, and lets the chosen path win a shared node", () => {
    const view: AnnotationView = {
      key: "solve",
      method: "mc",
      created: "2026-12-01T00:00:00Z",
      solutions: [solution(["a", "b", "rollout"], [0.75, 0.25, 0]), solution(["a", "c"], [0.5, null])],
      nodeIds: [
        [1, 2, null],
        [1, 4],
      ],
    };
    const labels = nodeLabels(view);
    expect([...labels.keys()].sort()).toEqual([1, 2, 4]);
    expect(labels.get(1)).toEqual({ soft: 0.75, hard: 1, rollouts: 4 });
    expect(labels.get(2)).toEqual({ soft: 0.25, hard: 1, rollouts: 4 });
    expect(labels.get(4)).toEqual({ soft: null, hard: null, rollouts: 4 });
    expect(nodeLabels(null).size).toBe(0);
  });
});
