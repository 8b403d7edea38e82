import { generateArithmeticSequence } from "./families/arithmeticSequence.js";
import { generateLinearEquation } from "./families/linearEquation.js";
import { generateMultiStepArithmetic } from "./families/multiStepArithmetic.js";
import { generateWordProblem } from "./families/wordProblem.js";
import { formatSolution } from "./formatSolution.js";
import type { Difficulty, Family, GeneratedProblem, Problem } from "./Problem.js";
import { createRng, type Rng } from "./random.js";

const GENERATORS: Record<Family, (rng: Rng, difficulty: Difficulty) => GeneratedProblem> = {
  "arithmetic-sequence": generateArithmeticSequence,
  "linear-equation": generateLinearEquation,
  "multi-step-arithmetic": generateMultiStepArithmetic,
  "word-problem": generateWordProblem,
};

/** Turns a generated problem into a dataset record with its canonical solution. */
export function toProblem(id: string, family: Family, difficulty: Difficulty, g: GeneratedProblem): Problem {
  return { id, family, difficulty, problem: g.problem, answer: g.answer, solution: formatSolution(g.steps, g.answer) };
}

/**
 * One problem, fully determined by (seed, family, difficulty): each problem gets its own generator stream so a
 * problem never changes when another family or the order of generation changes.
 */
export function generateProblem(id: string, seed: number, family: Family, difficulty: Difficulty): Problem {
  return toProblem(id, family, difficulty, GENERATORS[family](createRng(seed), difficulty));
}
