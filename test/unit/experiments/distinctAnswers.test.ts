import { describe, expect, it } from "vitest";
import { distinctAnswers } from "../../../src-main/core/experiments/distinctAnswers.js";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { resultsCsv } from "../../../src-main/core/store/resultsCsv.js";
import { answerTree } from "../../helpers/thoughtTrees.js";

const tree = answerTree;

describe("distinctAnswers: sample diversity of one search", () => {
  it("counts answers the checker matches (402, 402.0) as one, and unanswered nodes as none", () => {
    expect(distinctAnswers(tree("402", "402.0", " 402 ", "482", null))).toBe(2);
    expect(distinctAnswers(tree("7", "7", "7"))).toBe(1);
    expect(distinctAnswers(tree(null, null))).toBe(0);
    expect(distinctAnswers(tree("x + 1", "x + 1", "y"))).toBe(2); // texts the checker cannot read: equal text
  });

  it("reaches the sweep summary as a per-cell mean and results.csv as a column", () => {
    const item = (key: string, distinct: number | undefined): RunItem => ({
      key,
      problemId: key,
      problem: "p",
      strategy: "self-consistency",
      budget: 4,
      policy: "m",
      reference: "1",
      answer: "1",
      correct: true,
      score: 1,
      stoppedBy: "complete",
      spent: { generatedTokens: 1, evaluatedTokens: 1, rewardCalls: 0, nodes: 1, ms: 1 },
      nonFiniteScores: 0,
      ...(distinct !== undefined && { distinctAnswers: distinct }),
      path: [],
      completedAt: "2026-01-01T00:00:00Z",
    });
    const [cell] = summarizeSweep([item("a", 1), item("b", 4), item("c", undefined)]).cells;
    expect(cell?.meanDistinctAnswers).toBe(2.5);
    expect(summarizeSweep([item("a", undefined)]).cells[0]?.meanDistinctAnswers).toBeNull();
    expect(resultsCsv.header()).toContain(",distinct_answers,");
    expect(resultsCsv.row(item("a", 3)).split(",")[14]).toBe("3");
  });
});
