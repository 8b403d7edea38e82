import { ComputeEngine } from "@cortex-js/compute-engine";
import { normalizeAnswer } from "./normalizeAnswer.js";

/**
 * The members of the Compute Engine's BoxedExpression used here. Its 0.27 declarations import each other without
 * file extensions, which NodeNext resolution does not follow, so TypeScript sees the package as untyped.
 */
export interface BoxedExpression {
  /** False when the LaTeX did not parse (the expression holds `Error` nodes). */
  readonly isValid: boolean;
  /** Free variables. */
  readonly unknowns: readonly string[];
  /** Real and imaginary parts of a numeric value; NaN when it is not a number. */
  readonly re: number;
  readonly im: number;
  /** Whether the expression is a number literal (NaN included), not a tuple, set or symbol. */
  readonly isNumberLiteral: boolean;
  /** Numeric evaluation. */
  N(): BoxedExpression;
  /** Mathematical equality; undefined when it cannot be decided. */
  isEqual(other: BoxedExpression): boolean | undefined;
}

/** An answer as the checker reads it. */
export interface ReadAnswer {
  /** The normalised text (normalizeAnswer); "" when nothing is left. */
  text: string;
  /** Its value, when it is one real number (`402`, `\frac{1}{2}`, `2\sqrt{2}`, `1.5e3`, `7 3/4`). */
  value?: number;
  /** The parsed expression, when it is mathematics but not one real number (`x+1`, `(1,2)`, `2i`). */
  expression?: BoxedExpression;
}

/** A plain decimal number, the common case: read without the LaTeX parser. */
const PLAIN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
/** `7 3/4`: a mixed number (PRM800K's `_inject_implicit_mixed_number`), which the parser would read as 73/4. */
const MIXED_NUMBER = /^(-?)(\d+)\s+(\d+)\s*\/\s*(\d+)$/;

interface Engine {
  parse(latex: string): BoxedExpression;
  number(value: number): BoxedExpression;
}
let engine: Engine | undefined;
/** One engine for the process, made on first use (about 30 ms). */
const ce = (): Engine => (engine ??= new ComputeEngine() as Engine);

// Sweeps and voting compare the same few answers many times; parsing is the cost, so readings are kept.
const CACHE_SIZE = 4096;
const cache = new Map<string, ReadAnswer>();

/**
 * Reads an answer: normalised as MATH / PRM800K graders do (normalizeAnswer), then parsed as LaTeX by the Cortex
 * Compute Engine. What is left as text: words (`two`, `Monday`, `402 or 403`), text the parser rejects
 * (`\frac{1}{`), and values that are not numbers (`\frac{1}{0}`). Factorials of 1000 and more are not evaluated
 * (seconds each).
 */
export function readAnswer(raw: string): ReadAnswer {
  const hit = cache.get(raw);
  if (hit) return hit;
  const read = readUncached(raw);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(raw, read);
  return read;
}

function readUncached(raw: string): ReadAnswer {
  const text = normalizeAnswer(raw);
  if (PLAIN_NUMBER.test(text)) return finite(text, Number(text));
  const mixed = MIXED_NUMBER.exec(text);
  if (mixed) {
    const [, sign, whole, num, den] = mixed as unknown as [string, string, string, string, string];
    return finite(text, (sign ? -1 : 1) * (Number(whole) + Number(num) / Number(den)));
  }
  // Words are text: the parser would read `no` as n·o and `two` as t·w·o. LaTeX commands are not words.
  if (text === "" || /[a-zA-Z]{2,}/.test(text.replace(/\\[a-zA-Z]+/g, "")) || /\d{4,}\s*!/.test(text)) return { text };
  let expression: BoxedExpression;
  try {
    expression = ce().parse(text);
  } catch {
    return { text };
  }
  if (!expression.isValid) return { text };
  if (expression.unknowns.length > 0) return { text, expression };
  const numeric = expression.N();
  if (numeric.im === 0 && !Number.isNaN(numeric.re)) return { text, value: numeric.re };
  // NaN (`\frac{1}{0}`) is no value at all; tuples, sets and complex numbers compare as expressions.
  if (numeric.isNumberLiteral && Number.isNaN(numeric.re)) return { text };
  return { text, expression };
}

function finite(text: string, value: number): ReadAnswer {
  return Number.isFinite(value) ? { text, value } : { text };
}

/**
 * The answer's value when it is one real number, else undefined: `402`, ` 402.0 `, `4.02e2`, `x = 2`, `−3`,
 * `1,200`, `$12`, `-$5`, `\$5`, `12 dollars`, `50%` (50), `\boxed{\dfrac{1}{2}}` (0.5), `3/4`, `7 3/4`.
 */
export function parseAnswer(text: string): number | undefined {
  return readAnswer(text).value;
}

/** Whether the checker can read this as mathematics (a number or an expression), not only compare its text. */
export function isReadableAnswer(text: string): boolean {
  const read = readAnswer(text);
  return read.value !== undefined || read.expression !== undefined;
}

/** True when two values are the same number up to floating-point noise (relative 1e-9, absolute below 1). */
export function numbersEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The answer checker: whether a model's answer is equivalent to the reference answer. The reference graders are
 * Hendrycks et al.'s MATH `is_equiv` and OpenAI's PRM800K `grade_answer` (Lightman et al. 2023, "Let's Verify
 * Step by Step"): both answers are normalised (normalizeAnswer: last `\boxed{}`, `\dfrac`, units, `%`, `$`,
 * thousands separators, Unicode minus...); equal normalised texts match (case and spaces aside, for text
 * answers); otherwise two numbers match when equal up to floating-point noise, and two expressions when the
 * Compute Engine finds them mathematically equal (`x+1` and `1+x`, `\sqrt{8}` and `2\sqrt{2}`). Unlike PRM800K,
 * the form is not graded: an unreduced `2/4` matches `1/2`, and `\sqrt{4}` matches `2`. `50%` matches `50` (both
 * graders drop the sign), not `0.5`. Symmetric in its arguments.
 */
export function answersMatch(candidate: string, reference: string): boolean {
  const a = readAnswer(candidate);
  const b = readAnswer(reference);
  if (a.text === "" || b.text === "") return false;
  const bare = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  if (bare(a.text) === bare(b.text)) return true;
  if (a.value !== undefined && b.value !== undefined) return numbersEqual(a.value, b.value);
  const [x, y] = [expressionOf(a), expressionOf(b)];
  if (!x || !y) return false;
  try {
    return x.isEqual(y) === true;
  } catch {
    return false;
  }
}

function expressionOf(read: ReadAnswer): BoxedExpression | undefined {
  return read.expression ?? (read.value === undefined ? undefined : ce().number(read.value));
}
