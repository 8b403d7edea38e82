import { describe, expect, it } from "vitest";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { scalingPoints, scalingSpec } from "../../../src-renderer/src/components/experiments/scalingSpec.js";
import { scoreColor, visitRadius } from "../../../src-renderer/src/components/tree/scoreColor.js";

function item(strategy: string, budget: number | null, tokens: number, correct: boolean): RunItem {
  return {
    key: `${strategy}-${budget}-${tokens}-${correct}`,
    problemId: "p",
    problem: "p",
    strategy,
    budget,
    policy: "mull-policy-6m",
    reference: "2",
    answer: correct ? "2" : "3",
    correct,
    score: null,
    stoppedBy: "complete",
    spent: { generatedTokens: tokens, evaluatedTokens: 0, rewardCalls: 0, nodes: 0, ms: 0 },
    nonFiniteScores: 0,
    path: [],
    completedAt: "2026-01-01T00:00:00Z",
  };
}

describe("scaling plot data", () => {
  it("gives one point per cell, accuracy against mean generated tokens, one series per strategy × policy", () => {
    const summary = summarizeSweep([
      item("beam", 4, 100, true),
      item("beam", 4, 300, false),
      item("greedy", null, 20, true),
    ]);
    const points = scalingPoints(summary);
    expect(points).toContainEqual(
      expect.objectContaining({ series: "beam × mull-policy-6m", tokens: 200, accuracy: 0.5, budget: 4 }),
    );
    expect(points).toContainEqual(expect.objectContaining({ series: "greedy × mull-policy-6m", budget: null }));
    const spec = scalingSpec(points, false);
    expect((spec.encoding as { color: { field: string } }).color.field).toBe("series");
  });
});

describe("node colour and size", () => {
  it("runs from red at 0 to green at 1 and marks unscored nodes", () => {
    expect(scoreColor(0)).toBe("hsl(0 70% 45%)");
    expect(scoreColor(1)).toBe("hsl(120 70% 45%)");
    expect(scoreColor(null)).toBe("var(--unscored)");
  });

  it("grows with visits, within bounds", () => {
    expect(visitRadius(0)).toBe(5);
    expect(visitRadius(16)).toBeGreaterThan(visitRadius(4));
    expect(visitRadius(1e6)).toBe(14);
  });
});
