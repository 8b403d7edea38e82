import { describe, expect, it } from "vitest";
import { mergeSweepSummaries } from "../../../src-main/core/experiments/mergeSweepSummaries.js";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { SweepSetting } from "../../../src-main/core/experiments/sweepSetting.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";

function item(policy: string, problemId: string, strategy: string, budget: number | null, correct: boolean): RunItem {
  return {
    key: `${policy}|${problemId}|${strategy}|${budget}`,
    problemId,
    problem: "q",
    strategy,
    budget,
    policy,
    reference: "2",
    answer: correct ? "2" : "3",
    correct,
    score: null,
    stoppedBy: "complete",
    spent: { generatedTokens: 10 * (budget ?? 1), evaluatedTokens: 5, rewardCalls: budget ?? 0, nodes: 1, ms: 20 },
    nonFiniteScores: 0,
    path: [],
    completedAt: "2026-01-01T00:00:00Z",
  };
}

const levels = new Map([
  ["p1", 1],
  ["p2", 1],
  ["p3", 2],
]);

function setting(policies: string[], seed = 0): SweepSetting {
  return {
    set: "test",
    limit: 3,
    problems: 3,
    policies,
    prm: "mull-prm",
    checkArithmetic: false,
    sampling: { temperature: 1, topK: 40, topP: 0.95, minP: 0 },
    seed,
  };
}

/** Each policy's items over p1–p3: greedy and best-of-n at 1 and 4, with answers that differ by policy. */
function itemsOf(policy: string, rightOn: readonly string[]): RunItem[] {
  return ["p1", "p2", "p3"].flatMap((p) => [
    item(policy, p, "greedy", null, rightOn.includes(p)),
    item(policy, p, "best-of-n", 1, rightOn.includes(p)),
    item(policy, p, "best-of-n", 4, p !== "p3"),
  ]);
}

describe("mergeSweepSummaries", () => {
  const big = itemsOf("mull-policy-6m", ["p1", "p3"]);
  const small = itemsOf("mull-policy-2m", ["p2"]);

  it("gives what one sweep of both policies would have summarised: cells, panels, setting", () => {
    const merged = mergeSweepSummaries([
      summarizeSweep(big, { difficulty: levels, setting: setting(["mull-policy-6m"]) }),
      summarizeSweep(small, { difficulty: levels, setting: setting(["mull-policy-2m"]) }),
    ]);
    const together = summarizeSweep([...big, ...small], {
      difficulty: levels,
      setting: setting(["mull-policy-6m", "mull-policy-2m"]),
    });
    expect(merged).toEqual(together);
    expect(merged.cells.map((c) => c.policy)).toContain("mull-policy-2m");
  });

  it("keeps the larger problem count of a panel where one policy's sweep has finished fewer problems", () => {
    const partial = small.filter((i) => i.problemId !== "p2");
    const merged = mergeSweepSummaries([
      summarizeSweep(big, { difficulty: levels }),
      summarizeSweep(partial, { difficulty: levels }),
    ]);
    expect(merged.byDifficulty?.map((g) => [g.difficulty, g.problems])).toEqual([
      ["1", 2],
      ["2", 1],
    ]);
    expect(merged.items).toBe(big.length + partial.length);
  });

  it("refuses the same policy twice, settings that differ, and nothing at all", () => {
    const a = summarizeSweep(big, { setting: setting(["mull-policy-6m"]) });
    expect(() => mergeSweepSummaries([a, a])).toThrow("both hold policy mull-policy-6m");
    const b = summarizeSweep(small, { setting: setting(["mull-policy-2m"], 1) });
    expect(() => mergeSweepSummaries([a, b])).toThrow(/differ in their setting.*"seed":0.*"seed":1/);
    expect(() => mergeSweepSummaries([])).toThrow("no sweep summaries to merge");
  });
});
