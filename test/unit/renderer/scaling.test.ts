import { describe, expect, it } from "vitest";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { themedScalingSpec } from "../../../src-renderer/src/components/experiments/scalingSpec.js";
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

describe("the Experiments view's scaling plot", () => {
  it("is core's spec in the page's colours, panels sized to the width, two to a row when they fit", () => {
    const summary = summarizeSweep([item("beam", 4, 100, true), item("greedy", null, 20, true)]);
    const wide = themedScalingSpec(summary, "generated-tokens", true, 1200) as {
      columns: number;
      spec: { width: number };
      config: { axis: { labelColor: string } };
    };
    expect(wide.config.axis.labelColor).toBe("#e6edf3");
    const narrow = themedScalingSpec(summary, "generated-tokens", false, 700) as { spec: { width: number } };
    expect(wide.spec.width).toBeGreaterThan(narrow.spec.width);
    expect(wide.spec.width).toBeLessThanOrEqual(1200 / 2);
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
