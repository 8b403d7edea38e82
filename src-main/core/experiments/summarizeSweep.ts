import type { Spent } from "../search/BudgetCaps.js";
import type { RunItem } from "../store/RunRecord.js";
import type { SweepSetting } from "./sweepSetting.js";
import { wilsonInterval, type ProportionInterval } from "./wilsonInterval.js";

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
  /**
   * 95% Wilson score interval of `accuracy` over the cell's problems (wilsonInterval). Absent in summaries saved
   * before it was kept; readers compute it from `correct` and `items` then.
   */
  interval?: ProportionInterval;
  /**
   * Items that reached the right answer anywhere, as their own answer or in their tree (reachedRightAnswer), as a
   * share with its Wilson interval: for best-of-n at budget N this is pass@N, the ceiling of any rule selecting
   * among the N samples. Null when no item of the cell had its tree checked (trees not kept); absent in summaries
   * saved before it was kept.
   */
  passAtN?: { solved: number; items: number; rate: number; interval: ProportionInterval } | null;
  /** Mean of each spent counter over the cell's items. */
  meanSpent: Spent;
  /**
   * Mean different answers per item (sample diversity: for self-consistency@N, distinct answers per N samples);
   * null when none of the cell's items recorded it.
   */
  meanDistinctAnswers: number | null;
}

/** The cells of the problems of one difficulty level: one panel of the scaling plot. */
export interface DifficultyGroup {
  /** The level as the problem set writes it (`1`, `2`, `3` in the embedded step-math sets). */
  difficulty: string;
  /** Problems of this level among those summarised. */
  problems: number;
  cells: SweepCell[];
}

/** What `summary.json` holds. */
export interface SweepSummary {
  /** Items summarised (every completed item of the sweep's plan). */
  items: number;
  cells: SweepCell[];
  /**
   * The same cells by problem difficulty, levels in ascending order; empty when the problems carry no level (a
   * user's set without `difficulty`). Absent in summaries saved before it was kept.
   */
  byDifficulty?: DifficultyGroup[];
  /** What the sweep ran with, for the plot's caption; absent where unknown (older summaries). */
  setting?: SweepSetting;
}

/** What items alone do not say, for {@link summarizeSweep}. */
export interface SummarizeContext {
  /** By item key: whether the item reached the right answer anywhere, its own or in its tree (reachedRightAnswer). */
  anyCorrect?: ReadonlyMap<string, boolean>;
  /** By problem id: its difficulty level, for `byDifficulty`; items of problems not in it are left out there. */
  difficulty?: ReadonlyMap<string, string | number>;
  setting?: SweepSetting;
}

const COUNTERS = ["generatedTokens", "evaluatedTokens", "rewardCalls", "nodes", "ms"] as const;

/** The cells of some items: grouped by policy × strategy × budget, sorted by them (greedy's null first). */
function cellsOf(items: readonly RunItem[], anyCorrect: ReadonlyMap<string, boolean> | undefined): SweepCell[] {
  interface Entry {
    cell: Pick<SweepCell, "policy" | "strategy" | "budget" | "items" | "correct">;
    sums: Spent;
    distinct: number[];
    checked: number;
    solved: number;
  }
  const cells = new Map<string, Entry>();
  for (const item of items) {
    const key = JSON.stringify([item.policy, item.strategy, item.budget]);
    let entry = cells.get(key);
    if (!entry) {
      const zero = { generatedTokens: 0, evaluatedTokens: 0, rewardCalls: 0, nodes: 0, ms: 0 };
      const cell = { policy: item.policy, strategy: item.strategy, budget: item.budget, items: 0, correct: 0 };
      entry = { cell, sums: { ...zero }, distinct: [], checked: 0, solved: 0 };
      cells.set(key, entry);
    }
    entry.cell.items++;
    if (item.correct) entry.cell.correct++;
    for (const c of COUNTERS) entry.sums[c] += item.spent[c];
    if (item.distinctAnswers !== undefined) entry.distinct.push(item.distinctAnswers);
    const any = anyCorrect?.get(item.key);
    if (any !== undefined) {
      entry.checked++;
      if (any) entry.solved++;
    }
  }
  const out = [...cells.values()].map(({ cell, sums, distinct, checked, solved }): SweepCell => {
    const meanSpent = { ...sums };
    for (const c of COUNTERS) meanSpent[c] = sums[c] / cell.items;
    const meanDistinctAnswers = distinct.length > 0 ? distinct.reduce((a, b) => a + b, 0) / distinct.length : null;
    return {
      ...cell,
      accuracy: cell.correct / cell.items,
      interval: wilsonInterval(cell.correct, cell.items),
      passAtN:
        checked === 0
          ? null
          : { solved, items: checked, rate: solved / checked, interval: wilsonInterval(solved, checked) },
      meanSpent,
      meanDistinctAnswers,
    };
  });
  out.sort(compareCells);
  return out;
}

/** The order of a summary's cells: by policy, strategy, then budget (greedy's null first). */
export function compareCells(a: SweepCell, b: SweepCell): number {
  return a.policy.localeCompare(b.policy) || a.strategy.localeCompare(b.strategy) || (a.budget ?? 0) - (b.budget ?? 0);
}

/**
 * Groups items by policy × strategy × budget and gives each group its accuracy with a 95% Wilson interval, its
 * pass@N where the trees were checked (`context.anyCorrect`), and its mean spending; then the same per problem
 * difficulty where `context.difficulty` knows the levels. The one place these numbers are computed: summary.json,
 * the plot, the store's metrics and the CLI's table all read it.
 */
export function summarizeSweep(items: readonly RunItem[], context: SummarizeContext = {}): SweepSummary {
  const byLevel = new Map<string, RunItem[]>();
  if (context.difficulty)
    for (const item of items) {
      const level = item.problemId === null ? undefined : context.difficulty.get(item.problemId);
      if (level === undefined) continue;
      const key = String(level);
      const list = byLevel.get(key) ?? [];
      list.push(item);
      byLevel.set(key, list);
    }
  const byDifficulty = [...byLevel.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([difficulty, levelItems]) => ({
      difficulty,
      problems: new Set(levelItems.map((i) => i.problemId)).size,
      cells: cellsOf(levelItems, context.anyCorrect),
    }));
  return {
    items: items.length,
    cells: cellsOf(items, context.anyCorrect),
    byDifficulty,
    ...(context.setting && { setting: context.setting }),
  };
}
