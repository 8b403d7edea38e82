import { arithmeticSequenceProblem } from "./families/arithmeticSequence.js";
import { linearEquationProblem } from "./families/linearEquation.js";
import { generateProblem, toProblem } from "./generateProblem.js";
import { DIFFICULTIES, FAMILIES, type Problem } from "./Problem.js";
import { createRng } from "./random.js";

export const SPLIT_NAMES = ["test", "dev", "train"] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Sizes and seeds of the fixed splits. Changing any of these changes the published figures: don't. */
export const SPLIT_SPECS: Record<SplitName, { seed: number; perCell: number }> = {
  test: { seed: 1001, perCell: 50 }, // 4 families × 3 difficulties × 50 = 600
  dev: { seed: 2002, perCell: 20 }, // 240
  train: { seed: 3003, perCell: 3500 }, // up to 42,000 before removing held-out texts
};

/** The seeds' own examples, kept out of training so that solving them shows generalisation, not recall. */
export const SEED_EXAMPLES: Problem[] = [
  toProblem("seed-1", "arithmetic-sequence", 3, arithmeticSequenceProblem(6, 4, 100)),
  toProblem("seed-2", "linear-equation", 1, linearEquationProblem(2, 3, 7)),
];

/**
 * Builds all splits deterministically. Test is drawn first; dev skips test texts; train skips test, dev and seed
 * example texts, and its own repeats. Problems are interleaved across families and difficulties.
 */
export function buildSplits(): Record<SplitName, Problem[]> {
  const heldOut = new Set(SEED_EXAMPLES.map((p) => p.problem));
  const out = {} as Record<SplitName, Problem[]>;
  for (const split of SPLIT_NAMES) {
    const { seed, perCell } = SPLIT_SPECS[split];
    const rng = createRng(seed);
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < perCell; i++) {
      for (const family of FAMILIES) {
        for (const difficulty of DIFFICULTIES) {
          const id = `${split}-${String(problems.length + 1).padStart(5, "0")}`;
          const p = generateProblem(id, rng.int(0, 2 ** 31 - 1), family, difficulty);
          if (heldOut.has(p.problem) || seen.has(p.problem)) continue;
          seen.add(p.problem);
          problems.push(p);
        }
      }
    }
    for (const p of problems) heldOut.add(p.problem);
    out[split] = problems;
  }
  return out;
}
