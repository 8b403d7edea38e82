/**
 * An annotation option that cannot be used: `field` names it (`rollouts`, `answer`, `steps`), `problem` says why in
 * one sentence. Thrown before any model call, so a bad request costs nothing.
 */
export class AnnotationOptionError extends Error {
  override readonly name = "AnnotationOptionError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** `value` when it is a whole number ≥ 1, else an AnnotationOptionError naming `field` (`rollouts: must be ...`). */
export function wholeNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)
    throw new AnnotationOptionError(field, `must be a whole number ≥ 1, got ${String(value)}`);
  return value;
}
