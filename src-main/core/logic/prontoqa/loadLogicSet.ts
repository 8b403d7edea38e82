import { readFileSync } from "node:fs";
import type { LogicQuestion } from "./generateQuestion.js";

/** A logic question file that cannot be used: which file, and why, in one sentence. */
export class LogicSetError extends Error {
  override readonly name = "LogicSetError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/**
 * The questions of a fixed ProntoQA-style split (models/data/prontoqa-{dev,test}.jsonl: one LogicQuestion per
 * line, as writeProntoqaSplits writes them), in file order (hops 1 to 5).
 *
 * @throws LogicSetError for a missing file or a line that is not a question (naming the line).
 */
export function loadLogicSet(file: string): LogicQuestion[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new LogicSetError(file, "no such file (the ProntoQA splits are written by writeProntoqaSplits.ts)");
  }
  const out: LogicQuestion[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let q: Partial<LogicQuestion>;
    try {
      q = JSON.parse(line) as Partial<LogicQuestion>;
    } catch {
      throw new LogicSetError(file, `line ${i + 1} is not JSON`);
    }
    if (
      typeof q.id !== "string" ||
      typeof q.question !== "string" ||
      typeof q.hops !== "number" ||
      typeof q.answer !== "boolean" ||
      typeof q.program !== "object"
    )
      throw new LogicSetError(file, `line ${i + 1} is not a logic question (id, hops, question, answer, program)`);
    out.push(q as LogicQuestion);
  }
  return out;
}

/**
 * `k` questions spread over the hop counts, for `--limit` and quick looks: the first ceil(k / H) of each of the H hop
 * counts present, in file order, then cut to `k`. The same k always picks the same questions.
 */
export function spreadOverHops(questions: readonly LogicQuestion[], k: number): LogicQuestion[] {
  const hops = [...new Set(questions.map((q) => q.hops))].sort((a, b) => a - b);
  if (hops.length === 0) return [];
  const per = Math.ceil(k / hops.length);
  const picked = hops.flatMap((h) => questions.filter((q) => q.hops === h).slice(0, per));
  return picked.slice(0, k);
}
