import { InvalidArgumentError } from "commander";

/** A whole number as a person writes it: decimal digits, a minus sign at most. */
const WHOLE_NUMBER = /^-?[0-9]+$/;

/**
 * Commander option parser for a number within [min, max]; the error names the value at fault. An `integer` must be
 * written in decimal digits: JavaScript's Number() would also read "0x6", "1e3", "0b11" or " 6 " as integers, and a
 * run id or a count typed that way is more likely a slip than meant.
 */
export function numberIn(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (
      value.trim() === "" ||
      !Number.isFinite(n) ||
      n < min ||
      n > max ||
      (integer && !(Number.isInteger(n) && WHOLE_NUMBER.test(value)))
    ) {
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
