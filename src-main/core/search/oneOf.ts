import { SearchOptionError } from "./SearchOptionError.js";

/** An option's value, or its default when not given; a SearchOptionError naming the field unless one of `allowed`. */
export function oneOf<T extends string>(value: T | undefined, field: string, allowed: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (!allowed.includes(v)) throw new SearchOptionError(field, `must be one of ${allowed.join(", ")}, got ${v}`);
  return v;
}
