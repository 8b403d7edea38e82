import { CAP_PARAMETERS, type BudgetCaps, type BudgetField, type Spent } from "../../../src-main/api/wireTypes.js";

/** One counter of the budget meter. */
export interface BudgetRow {
  counter: BudgetField;
  label: string;
  spent: number;
  /** Null: the counter has no cap, so the meter shows the count alone. */
  cap: number | null;
  /** spent / cap clamped to [0, 1]; null without a cap. A counter may pass its cap by the last call's cost. */
  fraction: number | null;
  /** The cap was reached (spent ≥ cap). */
  reached: boolean;
}

/** The budget counters with their labels, in the order of the contract's CAP_PARAMETERS. */
export const BUDGET_COUNTERS: readonly { counter: BudgetField; label: string }[] = CAP_PARAMETERS.map(
  ({ counter, label }) => ({ counter, label }),
);

/** The meter's rows: every counter, what it spent so far (0 before the first budget event) against its cap. */
export function budgetRows(spent: Spent | null, caps: BudgetCaps): BudgetRow[] {
  return BUDGET_COUNTERS.map(({ counter, label }) => {
    const used = spent?.[counter] ?? 0;
    const cap = caps[counter] ?? null;
    const fraction = cap === null ? null : Math.min(1, Math.max(0, used / cap));
    return { counter, label, spent: used, cap, fraction, reached: cap !== null && used >= cap };
  });
}
