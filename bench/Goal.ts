/** A target for one benchmark figure: at least or at most a value. */
export interface Goal {
  op: ">=" | "<=";
  target: number;
}

/** A measured figure beside its goal. */
export interface Checked {
  value: number | null;
  goal: Goal;
  /** null when there is no value to check (the measurement could not be made). */
  met: boolean | null;
}

/** Checks a figure against its goal; NaN and infinities count as not measured. */
export function checkGoal(value: number | null, goal: Goal): Checked {
  if (value === null || !Number.isFinite(value)) return { value: null, goal, met: null };
  return { value, goal, met: goal.op === ">=" ? value >= goal.target : value <= goal.target };
}

/** a ÷ b, or null when b is 0 (a ratio with nothing to divide by is not a figure). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
