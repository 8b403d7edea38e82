import { generateQuestion, type LogicQuestion } from "./generateQuestion.js";

/** The fixed ProntoQA-style splits: first seed and questions per hop count (1–5). Seeds never overlap. */
export const PRONTOQA_SPLITS = {
  test: { firstSeed: 7_000_000, perHop: 100 },
  dev: { firstSeed: 7_100_000, perHop: 40 },
  train: { firstSeed: 7_200_000, perHop: 6_000 },
} as const;

/** A split's name. */
export type ProntoqaSplitName = keyof typeof PRONTOQA_SPLITS;

/**
 * A split's questions, deterministic: for hops 1..5, `perHop` questions from consecutive seeds. Questions whose text
 * is also in `exclude` are skipped (the train split is built without any test or dev question's text).
 */
export function buildProntoqaSplit(name: ProntoqaSplitName, exclude: ReadonlySet<string> = new Set()): LogicQuestion[] {
  const { firstSeed, perHop } = PRONTOQA_SPLITS[name];
  const out: LogicQuestion[] = [];
  let seed = firstSeed;
  for (let hops = 1; hops <= 5; hops++) {
    for (let made = 0; made < perHop; seed++) {
      const question = generateQuestion(seed, "", { hops });
      if (exclude.has(question.question)) continue;
      made++;
      out.push({ ...question, id: `prontoqa-${name}-${String(out.length + 1).padStart(3, "0")}` });
    }
  }
  return out;
}
