import { claim } from "../arithmeticClaim.js";
import type { Difficulty, GeneratedProblem } from "../Problem.js";
import type { Rng } from "../random.js";

/** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st, 101st. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** Builds the n-th term problem for a given first term, difference and n (the seeds' example is (6, 4, 100)). */
export function arithmeticSequenceProblem(first: number, difference: number, n: number): GeneratedProblem {
  const terms = [0, 1, 2, 3].map((i) => first + i * difference);
  const problem = `What is the ${ordinal(n)} term of the arithmetic sequence ${terms.join(", ")}, ...?`;
  const diff = claim(terms[1] as number, "-", terms[0] as number);
  const steps = [
    `The common difference is ${diff.text}.`,
    `The ${ordinal(n)} term is ${first} + (${n} - 1) * ${difference}.`,
  ];
  const count = claim(n, "-", 1);
  steps.push(`${count.text}.`);
  const product = claim(count.value, "*", difference);
  steps.push(`${product.text}.`);
  // Subtract rather than add a negative: "6 - 396" reads better than "6 + -396" and is the same claim.
  const last = product.value < 0 ? claim(first, "-", -product.value) : claim(first, "+", product.value);
  steps.push(`${last.text}.`);
  return { problem, answer: String(last.value), steps };
}

// Differences stay single-digit so every product is "some number times a digit", like the seeds' 99 * 4.
const RANGES: Record<Difficulty, { first: [number, number]; diff: [number, number]; n: [number, number] }> = {
  1: { first: [1, 20], diff: [1, 9], n: [5, 12] },
  2: { first: [1, 50], diff: [2, 9], n: [10, 40] },
  3: { first: [-20, 99], diff: [-9, 9], n: [20, 100] },
};

export function generateArithmeticSequence(rng: Rng, difficulty: Difficulty): GeneratedProblem {
  const r = RANGES[difficulty];
  let difference = 0;
  while (difference === 0) difference = rng.int(...r.diff);
  return arithmeticSequenceProblem(rng.int(...r.first), difference, rng.int(...r.n));
}
