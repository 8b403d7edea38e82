import type { RunItem } from "./RunRecord.js";

/** The columns of `results.csv`, in order, with how each is read from an item. */
const COLUMNS: [string, (item: RunItem) => string | number | boolean | null][] = [
  ["policy", (i) => i.policy],
  ["problem_id", (i) => i.problemId],
  ["strategy", (i) => i.strategy],
  ["budget", (i) => i.budget],
  ["correct", (i) => i.correct],
  ["answer", (i) => i.answer],
  ["reference", (i) => i.reference],
  ["score", (i) => i.score],
  ["generated_tokens", (i) => i.spent.generatedTokens],
  ["evaluated_tokens", (i) => i.spent.evaluatedTokens],
  ["reward_calls", (i) => i.spent.rewardCalls],
  ["nodes", (i) => i.spent.nodes],
  ["ms", (i) => Math.round(i.spent.ms)],
  ["stopped_by", (i) => i.stoppedBy],
  ["distinct_answers", (i) => i.distinctAnswers ?? null],
  ["completed_at", (i) => i.completedAt],
];

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. Null is empty. */
function field(value: string | number | boolean | null): string {
  if (value === null) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV of run items: `header()` once, then `row(item)` per item, each line ending in "\n". */
export const resultsCsv = {
  header(): string {
    return COLUMNS.map(([name]) => name).join(",") + "\n";
  },
  row(item: RunItem): string {
    return COLUMNS.map(([, read]) => field(read(item))).join(",") + "\n";
  },
  /** The whole file for these items. */
  of(items: readonly RunItem[]): string {
    return resultsCsv.header() + items.map(resultsCsv.row).join("");
  },
};
