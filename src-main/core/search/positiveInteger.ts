import { SearchOptionError } from "./SearchOptionError.js";

/** An option's value, or its default when not given; a SearchOptionError naming the field unless a positive integer. */
export function positiveInteger(value: number | undefined, field: string, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new SearchOptionError(field, `must be a positive integer, got ${v}`);
  return v;
}
