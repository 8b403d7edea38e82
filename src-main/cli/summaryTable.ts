import type { SweepCell } from "../core/experiments/summarizeSweep.js";
import { formatTable } from "./formatTable.js";

/**
 * A sweep's summary cells as a table: accuracy with its 95% Wilson interval, pass@N (any answer in the tree right),
 * sample diversity (mean distinct answers per item) and mean spending per policy × strategy × budget.
 */
export function summaryTable(cells: readonly SweepCell[]): string {
  const header = [
    "policy",
    "strategy",
    "budget",
    "items",
    "accuracy",
    "95% interval",
    "any right",
    "mean answers",
    "mean gen tokens",
    "mean reward calls",
    "mean ms",
  ];
  const rows = cells.map((c) => [
    c.policy,
    c.strategy,
    c.budget,
    c.items,
    `${(100 * c.accuracy).toFixed(1)}%`,
    c.interval ? `${(100 * c.interval.low).toFixed(0)}–${(100 * c.interval.high).toFixed(0)}%` : null,
    c.passAtN ? `${(100 * c.passAtN.rate).toFixed(1)}%` : null,
    c.meanDistinctAnswers === null ? null : Number(c.meanDistinctAnswers.toFixed(2)),
    Math.round(c.meanSpent.generatedTokens),
    Number(c.meanSpent.rewardCalls.toFixed(1)),
    Math.round(c.meanSpent.ms),
  ]);
  return formatTable(header, rows);
}
