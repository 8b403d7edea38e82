/** A budget cap that is not a positive integer; `field` names the cap, `value` is what was given. */
export class BudgetError extends Error {
  override readonly name = "BudgetError";
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`budget ${field} must be a positive integer, got ${String(value)}`);
  }
}
