import { applyOperator, claim, type Operator } from "../arithmeticClaim.js";
import type { Difficulty, GeneratedProblem } from "../Problem.js";
import type { Rng } from "../random.js";

type Expr = { kind: "num"; value: number } | { kind: "op"; op: Operator; left: Expr; right: Expr };

const PRECEDENCE: Record<Operator, number> = { "+": 1, "-": 1, "*": 2, "/": 2 };

function evaluate(e: Expr): number {
  return e.kind === "num" ? e.value : applyOperator(evaluate(e.left), e.op, evaluate(e.right));
}

/** Renders with only the parentheses the order of operations needs. */
export function render(e: Expr): string {
  if (e.kind === "num") return String(e.value);
  const wrap = (child: Expr, isRight: boolean): string => {
    const text = render(child);
    if (child.kind === "num") return text;
    const lower = PRECEDENCE[child.op] < PRECEDENCE[e.op];
    const sameOnRight = isRight && PRECEDENCE[child.op] === PRECEDENCE[e.op] && (e.op === "-" || e.op === "/");
    return lower || sameOnRight ? `(${text})` : text;
  };
  return `${wrap(e.left, false)} ${e.op} ${wrap(e.right, true)}`;
}

/**
 * The expression as a reader parses the text: `*` and `/` before `+` and `-`, equal precedence left to right.
 * `render` drops parentheses that do not change the value, so `a + (b - c)` prints as `a + b - c`; solving the
 * generated tree would then take an order the text does not show, and the same text would get different step
 * orders in different problems — an order no model can learn from the problem alone.
 */
export function parse(text: string): Expr {
  const tokens = text.match(/\d+|[-+*/()]/g) ?? [];
  let at = 0;
  const primary = (): Expr => {
    const t = tokens[at++];
    if (t === "(") {
      const inner = sum();
      at++; // ")"
      return inner;
    }
    return { kind: "num", value: Number(t) };
  };
  const chain = (ops: readonly string[], operand: () => Expr) => (): Expr => {
    let left = operand();
    while (at < tokens.length && ops.includes(tokens[at] as string)) {
      const op = tokens[at++] as Operator;
      left = { kind: "op", op, left, right: operand() };
    }
    return left;
  };
  const product = chain(["*", "/"], primary);
  const sum = chain(["+", "-"], product);
  return sum();
}

/** One step per operation, innermost first, left to right (post-order). */
function solveSteps(e: Expr, steps: string[]): number {
  if (e.kind === "num") return e.value;
  const left = solveSteps(e.left, steps);
  const right = solveSteps(e.right, steps);
  const c = claim(left, e.op, right);
  steps.push(`${c.text}.`);
  return c.value;
}

const LIMITS: Record<Difficulty, { ops: number; leaf: number; max: number }> = {
  1: { ops: 2, leaf: 12, max: 100 },
  2: { ops: 3, leaf: 20, max: 200 },
  3: { ops: 4, leaf: 30, max: 500 },
};

function randomExpr(rng: Rng, ops: number, leafMax: number): Expr {
  if (ops === 0) return { kind: "num", value: rng.int(1, leafMax) };
  const leftOps = rng.int(0, ops - 1);
  const op = rng.pick(["+", "-", "*", "+", "-", "*", "/"] as const);
  let left = randomExpr(rng, leftOps, leafMax);
  let right = randomExpr(rng, ops - 1 - leftOps, leafMax);
  // Keep multiplications to "something times a small number" and divisions exact: the domain is about steps,
  // not long multiplication.
  if (op === "*" && right.kind === "num") right = { kind: "num", value: rng.int(2, 9) };
  if (op === "/" && right.kind === "num") {
    right = { kind: "num", value: rng.int(2, 9) };
    if (left.kind === "num")
      left = { kind: "num", value: right.value * rng.int(1, Math.max(2, Math.floor(leafMax / 2))) };
  }
  return { kind: "op", op, left, right };
}

/** True when every intermediate result is an integer within ±max and every product and divisor has a single digit. */
function wellFormed(e: Expr, max: number): boolean {
  if (e.kind === "num") return true;
  if (!wellFormed(e.left, max) || !wellFormed(e.right, max)) return false;
  const l = evaluate(e.left);
  const r = evaluate(e.right);
  if (e.op === "*" && Math.min(Math.abs(l), Math.abs(r)) > 9) return false;
  if (e.op === "/" && (r === 0 || !Number.isInteger(l / r) || Math.abs(r) > 9)) return false;
  const v = evaluate(e);
  return Number.isInteger(v) && Math.abs(v) <= max;
}

export function generateMultiStepArithmetic(rng: Rng, difficulty: Difficulty): GeneratedProblem {
  const { ops, leaf, max } = LIMITS[difficulty];
  for (;;) {
    const e = randomExpr(rng, ops, leaf);
    const text = render(e);
    if (!text.includes("(") || !wellFormed(e, max)) continue;
    // Solve in the order the text states. Where that order breaks the family's limits (a product of two numbers
    // above 9, an inexact division) the generated order stays: drawing again would change the problems of the
    // fixed splits.
    const read = parse(text);
    const steps: string[] = [];
    const value = solveSteps(wellFormed(read, max) ? read : e, steps);
    return { problem: `Compute ${text}.`, answer: String(value), steps };
  }
}
