import { describe, expect, it } from "vitest";
import { scalingChecks, scalingTable } from "../../../src-main/core/experiments/scalingReport.js";
import type { SweepCell } from "../../../src-main/core/experiments/summarizeSweep.js";

const spent = (generatedTokens: number) => ({ generatedTokens, evaluatedTokens: 0, rewardCalls: 0, nodes: 0, ms: 0 });
const c = (strategy: string, budget: number | null, accuracy: number, tokens = 10): SweepCell => ({
  policy: "p",
  strategy,
  budget,
  items: 10,
  correct: accuracy * 10,
  accuracy,
  meanDistinctAnswers: null,
  meanSpent: spent(tokens),
});

describe("scaling targets", () => {
  it("checks best-of-16 against greedy + 15 points and beam at N against best-of-N at 4N", () => {
    const checks = scalingChecks({
      items: 0,
      cells: [
        c("greedy", null, 0.3),
        c("best-of-n", 4, 0.4),
        c("best-of-n", 16, 0.44),
        c("beam", 1, 0.2),
        c("beam", 4, 0.5),
      ],
    });
    expect(checks).toEqual([
      { policy: "p", claim: "PRM best-of-16 ≥ greedy + 15 points", left: 0.44, right: 0.3 + 0.15, met: false },
      { policy: "p", claim: "beam at N=1 ≥ best-of-N at 4", left: 0.2, right: 0.4, met: false },
      { policy: "p", claim: "beam at N=4 ≥ best-of-N at 16", left: 0.5, right: 0.44, met: true },
    ]);
  });

  it("tables accuracy and tokens per budget, greedy once", () => {
    const table = scalingTable({
      items: 0,
      cells: [c("greedy", null, 0.3, 50), c("beam", 1, 0.25, 60), c("beam", 4, 0.5, 240)],
    });
    expect(table.split("\n")).toEqual([
      "| policy | strategy | b=1 | b=4 |",
      "|---|---|---|---|",
      "| p | greedy | 30.0% (50 tok) |  |",
      "| p | beam | 25.0% (60 tok) | 50.0% (240 tok) |",
    ]);
  });
});
