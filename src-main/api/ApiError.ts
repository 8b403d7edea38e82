/**
 * A method's failure as it crosses a boundary: one sentence for a person and, for bad input, the field at fault.
 * Adapters turn core's typed errors (ModelFileError, BudgetError, …) into this; the renderer shows `message` in
 * place.
 */
export interface ApiError {
  message: string;
  field?: string;
  /** `input`: the request was invalid (the UI should let the person fix it). `runtime`: it failed while running. */
  kind: "input" | "runtime";
}
