import { claim } from "../arithmeticClaim.js";
import type { Difficulty, GeneratedProblem } from "../Problem.js";
import type { Rng } from "../random.js";

/** `3x`, `x`, `-x`: how a coefficient is written in front of x. */
function term(coefficient: number): string {
  if (coefficient === 1) return "x";
  if (coefficient === -1) return "-x";
  return `${coefficient}x`;
}

/** `2x + 3`, `2x - 3`, or `2x` when the constant is 0. */
function side(coefficient: number, constant: number): string {
  if (constant === 0) return term(coefficient);
  return constant > 0 ? `${term(coefficient)} + ${constant}` : `${term(coefficient)} - ${-constant}`;
}

/** Steps that isolate x in `a x + b = c`, ending with the divide step when a is not 1. */
function isolate(a: number, b: number, c: number): { steps: string[]; x: number } {
  const steps: string[] = [];
  let rhs = c;
  if (b > 0) {
    const moved = claim(c, "-", b);
    steps.push(`Subtract ${b} from both sides: ${term(a)} = ${moved.text}.`);
    rhs = moved.value;
  } else if (b < 0) {
    const moved = claim(c, "+", -b);
    steps.push(`Add ${-b} to both sides: ${term(a)} = ${moved.text}.`);
    rhs = moved.value;
  }
  if (a === 1) return { steps, x: rhs };
  const divided = claim(rhs, "/", a);
  steps.push(`Divide both sides by ${a}: x = ${divided.text}.`);
  return { steps, x: divided.value };
}

/** `Solve for x: a x + b = c` (the seeds' example is (2, 3, 7)). */
export function linearEquationProblem(a: number, b: number, c: number): GeneratedProblem {
  const { steps, x } = isolate(a, b, c);
  return { problem: `Solve for x: ${side(a, b)} = ${c}`, answer: String(x), steps };
}

/** `Solve for x: a x + b = c x + d`, with x on both sides. */
function twoSidedProblem(a: number, b: number, c: number, d: number): GeneratedProblem {
  const merged = claim(a, "-", c);
  const first = `Subtract ${term(c)} from both sides: ${merged.text}, so ${side(merged.value, b)} = ${d}.`;
  const rest = isolate(merged.value, b, d);
  return {
    problem: `Solve for x: ${side(a, b)} = ${side(c, d)}`,
    answer: String(rest.x),
    steps: [first, ...rest.steps],
  };
}

export function generateLinearEquation(rng: Rng, difficulty: Difficulty): GeneratedProblem {
  if (difficulty === 1) {
    const a = rng.int(1, 5);
    const x = rng.int(1, 10);
    const b = rng.int(1, 9);
    return linearEquationProblem(a, b, a * x + b);
  }
  if (difficulty === 2) {
    const a = rng.int(2, 9);
    const x = rng.int(-10, 20);
    const b = rng.pick([-1, 1]) * rng.int(1, 30);
    return linearEquationProblem(a, b, a * x + b);
  }
  const c = rng.int(1, 6);
  const a = c + rng.int(1, 6);
  const x = rng.int(-10, 15);
  const b = rng.pick([-1, 1]) * rng.int(1, 20);
  return twoSidedProblem(a, b, c, (a - c) * x + b);
}
