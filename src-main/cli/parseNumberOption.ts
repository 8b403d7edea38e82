import { InvalidArgumentError } from "commander";

/** Commander option parser for a number within [min, max]; the error names the value at fault. */
export function numberIn(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`"${value}" is not ${integer ? "an integer" : "a number"} from ${min} to ${max}.`);
    }
    return n;
  };
}
