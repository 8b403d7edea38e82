/** The problem families of the embedded step-math domain. */
export const FAMILIES = ["arithmetic-sequence", "linear-equation", "multi-step-arithmetic", "word-problem"] as const;
export type Family = (typeof FAMILIES)[number];

/** Difficulty levels: 1 (one or two small operations) to 3 (more operations, larger numbers). */
export const DIFFICULTIES = [1, 2, 3] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** What a family generator returns before it is given an id. */
export interface GeneratedProblem {
  problem: string;
  /** Canonical numeric answer, as the `Answer:` line writes it. */
  answer: string;
  /** Solution steps without the `Step i: ` prefix; the answer line is added by `formatSolution`. */
  steps: string[];
}

/**
 * One line of a problem set (`models/data/*.jsonl`, or a user's own `.jsonl`). A user's set needs only `id`,
 * `problem` and `answer`; `family` and `difficulty` (the embedded domain's cells, for per-cell breakdowns) and
 * `solution` are optional.
 */
export interface Problem {
  id: string;
  family?: Family | undefined;
  difficulty?: Difficulty | undefined;
  problem: string;
  answer: string;
  /** `Step 1: ...\nStep 2: ...\nAnswer: <value>`; "" when the set gives none. */
  solution: string;
}
