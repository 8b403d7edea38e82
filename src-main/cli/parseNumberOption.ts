import { InvalidArgumentError } from "commander";

/** Commander option parser for a number within [min, max]; the error names the value at fault. */
export function numberIn(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      const what = integer
        ? min === 1 && max === Number.MAX_SAFE_INTEGER
          ? "a positive integer"
          : "an integer"
        : "a number";
      const range = min === 1 && max === Number.MAX_SAFE_INTEGER ? "" : ` from ${min} to ${max}`;
      throw new InvalidArgumentError(`"${value}" is not ${what}${range}.`);
    }
    return n;
  };
}

/** A positive integer option (a count or a budget cap). */
export const positiveInteger = numberIn(1, Number.MAX_SAFE_INTEGER, true);

/** A seed: a non-negative 31-bit integer. */
export const seedNumber = numberIn(0, 2 ** 31 - 1, true);
