import type { Spent } from "../search/BudgetCaps.js";
import type { RunItem } from "../store/RunRecord.js";

/** Accuracy and mean compute of one strategy at one budget on one policy: a point of a scaling curve. */
export interface SweepCell {
  policy: string;
  strategy: string;
  /** Null for greedy, which has no budget. */
  budget: number | null;
  items: number;
  correct: number;
  /** correct / items. */
  accuracy: number;
  /** Mean of each spent counter over the cell's items. */
  meanSpent: Spent;
  /**
   * Mean different answers per item (sample diversity: for self-consistency@N, distinct answers per N samples);
   * null when none of the cell's items recorded it.
   */
  meanDistinctAnswers: number | null;
}

/** What `summary.json` holds. */
export interface SweepSummary {
  /** Items summarised (every completed item of the sweep's plan). */
  items: number;
  cells: SweepCell[];
}

const COUNTERS = ["generatedTokens", "evaluatedTokens", "rewardCalls", "nodes", "ms"] as const;

/**
 * Groups items by policy × strategy × budget and gives each group its accuracy and mean spending. The one place
 * these numbers are computed: summary.json, the plot, the store's metrics and the CLI's table all read it.
 * Cells come out sorted by policy, strategy and budget (greedy's null first).
 */
export function summarizeSweep(items: readonly RunItem[]): SweepSummary {
  const cells = new Map<string, { cell: SweepCell; sums: Spent; distinct: number[] }>();
  for (const item of items) {
    const key = JSON.stringify([item.policy, item.strategy, item.budget]);
    let entry = cells.get(key);
    if (!entry) {
      const zero = { generatedTokens: 0, evaluatedTokens: 0, rewardCalls: 0, nodes: 0, ms: 0 };
      const cell = { policy: item.policy, strategy: item.strategy, budget: item.budget };
      entry = {
        cell: { ...cell, items: 0, correct: 0, accuracy: 0, meanSpent: { ...zero }, meanDistinctAnswers: null },
        sums: { ...zero },
        distinct: [],
      };
      cells.set(key, entry);
    }
    entry.cell.items++;
    if (item.correct) entry.cell.correct++;
    for (const c of COUNTERS) entry.sums[c] += item.spent[c];
    if (item.distinctAnswers !== undefined) entry.distinct.push(item.distinctAnswers);
  }
  const out = [...cells.values()].map(({ cell, sums, distinct }) => {
    const meanSpent = { ...sums };
    for (const c of COUNTERS) meanSpent[c] = sums[c] / cell.items;
    const meanDistinctAnswers = distinct.length > 0 ? distinct.reduce((a, b) => a + b, 0) / distinct.length : null;
    return { ...cell, accuracy: cell.correct / cell.items, meanSpent, meanDistinctAnswers };
  });
  out.sort(
    (a, b) =>
      a.policy.localeCompare(b.policy) || a.strategy.localeCompare(b.strategy) || (a.budget ?? 0) - (b.budget ?? 0),
  );
  return { items: items.length, cells: out };
}
