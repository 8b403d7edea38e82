import { formatNumber } from "./formatSolution.js";

export type Operator = "+" | "-" | "*" | "/";

/** Applies a binary operator. Division is only ever generated where it is exact. */
export function applyOperator(a: number, op: Operator, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
  }
}

/** Writes the `a op b = c` claim that the arithmetic step checker verifies, and returns its value. */
export function claim(a: number, op: Operator, b: number): { text: string; value: number } {
  const value = applyOperator(a, op, b);
  return { text: `${formatNumber(a)} ${op} ${formatNumber(b)} = ${formatNumber(value)}`, value };
}
