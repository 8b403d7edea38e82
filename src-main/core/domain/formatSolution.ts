/**
 * The canonical solution format the embedded models are trained on: one step per line, numbered, and a final
 * `Answer:` line. The newline is the step delimiter and `^Answer: (.+)$` the answer pattern in the model profiles.
 */
export function formatSolution(steps: readonly string[], answer: string): string {
  const lines = steps.map((step, i) => `Step ${i + 1}: ${step}`);
  lines.push(`Answer: ${answer}`);
  return lines.join("\n");
}

/** Formats a number the way solutions write it: integers plainly, otherwise up to 6 decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(6)));
}
