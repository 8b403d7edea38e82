import { describe, expect, it } from "vitest";
import type { Problem } from "../../../src-main/core/domain/Problem.js";
import { planSweep, withBaselines } from "../../../src-main/core/experiments/planSweep.js";
import { resultsCsv } from "../../../src-main/core/store/resultsCsv.js";
import { strategyBudget } from "../../../src-main/core/experiments/strategyBudget.js";
import { beamWidthFor } from "../../../src-main/core/search/beamWidthFor.js";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";

const problem = (id: string): Problem => ({
  id,
  family: "linear-equation",
  difficulty: 1,
  problem: `Problem ${id}`,
  answer: "42",
  solution: "Answer: 42",
});

function item(strategy: string, budget: number | null, correct: boolean, generatedTokens: number): RunItem {
  return {
    key: `${strategy}|${budget}|${generatedTokens}`,
    problemId: "p",
    problem: "p",
    strategy,
    budget,
    policy: "small",
    reference: "42",
    answer: correct ? "42" : "7",
    correct,
    score: null,
    stoppedBy: "complete",
    spent: { generatedTokens, evaluatedTokens: 10, rewardCalls: 2, nodes: 3, ms: 5 },
    nonFiniteScores: 0,
    path: [],
    completedAt: "2026-11-22T04:00:00.000Z",
  };
}

describe("what a sweep budget means per strategy", () => {
  it("sets n = b for sampling strategies, N = b with a dividing width ≤ 4 for beam and DVTS, 4b MCTS rounds", () => {
    expect(strategyBudget("self-consistency", 8)).toEqual({ n: 8 });
    expect(strategyBudget("best-of-n", 3)).toEqual({ n: 3 });
    expect(strategyBudget("beam", 16)).toEqual({ n: 16, beamWidth: 4 });
    expect(strategyBudget("dvts", 2)).toEqual({ n: 2, beamWidth: 2 });
    expect(strategyBudget("beam", 1)).toEqual({ n: 1, beamWidth: 1 });
    expect(strategyBudget("mcts", 4)).toEqual({ iterations: 16 });
    expect(strategyBudget("greedy", 16)).toEqual({});
  });

  it("lowers the beam width until it divides N", () => {
    expect([1, 2, 3, 4, 5, 6, 8, 9, 12].map(beamWidthFor)).toEqual([1, 2, 3, 4, 1, 3, 4, 3, 4]);
  });
});

describe("planSweep", () => {
  it("always adds the self-consistency and best-of-n baselines after the strategies asked for", () => {
    expect(withBaselines(["beam"])).toEqual(["beam", "self-consistency", "best-of-n"]);
    expect(withBaselines(["best-of-n", "mcts"])).toEqual(["best-of-n", "mcts", "self-consistency"]);
  });

  it("has one item per problem × strategy × budget × policy, greedy once per problem and policy", () => {
    const plan = planSweep({
      problems: [problem("a"), problem("b")],
      strategies: ["greedy", "beam"],
      budgets: [4, 1, 4],
      policies: ["small", "large"],
    });
    // per policy and problem: greedy once + (beam, self-consistency, best-of-n) × budgets {1, 4}
    expect(plan).toHaveLength(2 * 2 * (1 + 3 * 2));
    expect(new Set(plan.map((i) => i.key)).size).toBe(plan.length);
    expect(plan.filter((i) => i.strategy === "greedy").map((i) => i.budget)).toEqual([null, null, null, null]);
    // policy-major, so each policy is loaded once
    expect(plan.slice(0, 14).every((i) => i.policy === "small")).toBe(true);
    expect(plan[1]).toMatchObject({ key: "small|a|beam|1", strategy: "beam", budget: 1 });
  });
});

describe("summarizeSweep", () => {
  it("gives accuracy and mean spending per policy × strategy × budget, sorted", () => {
    const summary = summarizeSweep([
      item("beam", 2, true, 100),
      item("beam", 2, false, 300),
      item("greedy", null, true, 50),
      item("beam", 1, false, 80),
    ]);
    expect(summary.items).toBe(4);
    expect(summary.cells.map((c) => [c.strategy, c.budget, c.items, c.accuracy])).toEqual([
      ["beam", 1, 1, 0],
      ["beam", 2, 2, 0.5],
      ["greedy", null, 1, 1],
    ]);
    expect(summary.cells[1]?.meanSpent).toEqual({
      generatedTokens: 200,
      evaluatedTokens: 10,
      rewardCalls: 2,
      nodes: 3,
      ms: 5,
    });
  });
});

describe("resultsCsv", () => {
  it("quotes fields with commas, quotes or line breaks, and leaves null fields empty", () => {
    const row = resultsCsv.row({ ...item("greedy", null, false, 9), answer: 'say "1,000"\nok' });
    expect(row).toBe('small,p,greedy,,false,"say ""1,000""\nok",42,,9,10,2,3,5,complete,,2026-11-22T04:00:00.000Z\n');
    const plain = resultsCsv
      .row(item("beam", 4, true, 9))
      .trim()
      .split(",");
    expect(plain).toHaveLength(resultsCsv.header().trim().split(",").length);
  });
});
