import { applyOperator, type Operator } from "./arithmeticClaim.js";
import { numbersEqual } from "./answerChecker.js";

/** One `a op b = c` claim found in a step. */
export interface ArithmeticClaim {
  text: string;
  a: number;
  op: Operator;
  b: number;
  claimed: number;
  actual: number;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
// The left operand must not be glued to a letter or digit ("3x + 3 = 18" states no arithmetic fact); × and ÷ are
// accepted because real models write them.
const CLAIM = new RegExp(String.raw`(?<![\w.])(${NUMBER})\s*([-+*/×÷])\s*(${NUMBER})\s*=\s*(${NUMBER})(?![\w])`, "g");

function toOperator(symbol: string): Operator {
  if (symbol === "×") return "*";
  if (symbol === "÷") return "/";
  return symbol as Operator;
}

/** Every `a op b = c` claim in the text, in order. */
export function findClaims(step: string): ArithmeticClaim[] {
  const claims: ArithmeticClaim[] = [];
  for (const m of step.matchAll(CLAIM)) {
    const [text, a, symbol, b, c] = m as unknown as [string, string, string, string, string];
    const op = toOperator(symbol);
    const actual = applyOperator(Number(a), op, Number(b));
    claims.push({ text, a: Number(a), op, b: Number(b), claimed: Number(c), actual });
  }
  return claims;
}

/** The first claim in the step whose arithmetic is wrong, or undefined when all are right (or there are none). */
export function firstWrongClaim(step: string): ArithmeticClaim | undefined {
  return findClaims(step).find((c) => !numbersEqual(c.actual, c.claimed));
}

/** Index of the first step with a wrong arithmetic claim, or -1 when every step checks out. */
export function firstWrongStep(steps: readonly string[]): number {
  return steps.findIndex((s) => firstWrongClaim(s) !== undefined);
}
