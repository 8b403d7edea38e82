/**
 * Reads a numeric value from a model's answer text: `402`, ` 402.0 `, `4.02e2`, `x = 2`, `-3`, `1,200`,
 * `$12`, `12 dollars`, `\boxed{402}`, `3/4`. Returns undefined when there is no single number to read.
 */
export function parseAnswer(text: string): number | undefined {
  let t = text.trim();
  const boxed = /\\boxed\{([^{}]*)\}/.exec(t);
  if (boxed) t = boxed[1] ?? "";
  t = t.replace(/^[a-z]\s*=\s*/i, ""); // "x = 2"
  t = t.replace(/[.\s]+$/, ""); // trailing full stop
  t = t.replace(/^\$\s*/, "").replace(/\s*(dollars?|miles?|pages?|[a-z]+)$/i, "");
  t = t.replace(/(\d),(?=\d{3}\b)/g, "$1"); // thousands separators
  const fraction = /^(-?\d+(?:\.\d+)?)\s*\/\s*(-?\d+(?:\.\d+)?)$/.exec(t);
  if (fraction) {
    const denominator = Number(fraction[2]);
    return denominator === 0 ? undefined : Number(fraction[1]) / denominator;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const value = Number(t);
  return Number.isFinite(value) ? value : undefined;
}

/** True when two values are the same number up to floating-point noise. */
export function numbersEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The answer checker: numeric equivalence of a model's answer with the reference answer. */
export function answersMatch(candidate: string, reference: string): boolean {
  const a = parseAnswer(candidate);
  const b = parseAnswer(reference);
  return a !== undefined && b !== undefined && numbersEqual(a, b);
}
