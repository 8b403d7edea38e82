import type { AnnotatedSolution } from "../AnnotatedSolution.js";
import { dpoRows } from "./dpoRows.js";
import type { ExportFormat, ExportRowOf } from "./exportSchemas.js";
import { mathShepherdRow } from "./mathShepherdRows.js";
import type { PolicyPrompt } from "./PolicyPrompt.js";
import { sftRow } from "./sftRows.js";
import { trlPrmRow } from "./trlPrmRows.js";

/** What exportRows made of a set of solutions. */
export interface ExportedRows<F extends ExportFormat> {
  format: F;
  /** The rows, in the solutions' order, each once. */
  rows: ExportRowOf[F][];
  /** Solutions read. */
  solutions: number;
  /**
   * Rows left out because an earlier solution gave the very same row (the same path sampled twice, or found by two
   * methods): a trainer would weigh it twice for nothing.
   */
  duplicates: number;
}

/** Thrown when sft or dpo is asked for without the policy's prompt: they train a policy, so they need its prompt. */
export class ExportOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportOptionError";
  }
}

/**
 * The rows of one export format from annotated solutions (see EXPORT_FORMATS for each format's shape; trlPrmRow,
 * mathShepherdRow, sftRow and dpoRows for which solutions give rows). `policy` (the prompt as the policy saw it,
 * and its step delimiter) is needed by sft and dpo.
 *
 * @throws ExportOptionError for sft or dpo without `policy`
 */
export function exportRows<F extends ExportFormat>(
  format: F,
  solutions: readonly AnnotatedSolution[],
  policy?: PolicyPrompt,
): ExportedRows<F> {
  const needPolicy = (): PolicyPrompt => {
    if (!policy) throw new ExportOptionError(`the ${format} format needs the policy's prompt and step delimiter`);
    return policy;
  };
  let rows: (ExportRowOf[ExportFormat] | null)[];
  if (format === "trl-prm") rows = solutions.map(trlPrmRow);
  else if (format === "math-shepherd") rows = solutions.map(mathShepherdRow);
  else if (format === "sft") rows = solutions.map((s) => sftRow(s, needPolicy()));
  else rows = dpoRows(solutions, needPolicy());
  const seen = new Set<string>();
  const kept: ExportRowOf[F][] = [];
  let duplicates = 0;
  for (const row of rows) {
    if (row === null) continue;
    const line = JSON.stringify(row);
    if (seen.has(line)) duplicates++;
    else {
      seen.add(line);
      kept.push(row as ExportRowOf[F]);
    }
  }
  return { format, rows: kept, solutions: solutions.length, duplicates };
}

/** Rows as JSONL: one JSON object per line, each line ended by a newline ("" for no rows). */
export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r) + "\n").join("");
}
