import type { SearchRequestInput } from "../../../src-main/api/searchRequest.js";
import {
  SCORING_STRATEGIES,
  type BudgetCaps,
  type BudgetField,
  type StrategyName,
} from "../../../src-main/api/wireTypes.js";

/** What the search settings form holds; empty number fields are null. */
export interface SearchFormValues {
  strategy: StrategyName;
  n: number | null;
  width: number | null;
  iterations: number | null;
  seed: number | null;
  temperature: number | null;
  caps: Record<BudgetField, number | null>;
  checkArithmetic: boolean;
}

/** Which strategies each parameter applies to; the main side refuses a parameter that does not apply. */
export const PARAMETER_APPLIES: Record<
  "n" | "width" | "iterations" | "temperature" | "checkArithmetic",
  readonly StrategyName[]
> = {
  n: ["self-consistency", "best-of-n", "beam", "dvts"],
  width: ["beam", "dvts", "mcts"],
  iterations: ["mcts"],
  temperature: ["self-consistency", "best-of-n", "beam", "dvts", "mcts"],
  checkArithmetic: SCORING_STRATEGIES,
};

export function applies(parameter: keyof typeof PARAMETER_APPLIES, strategy: StrategyName): boolean {
  return PARAMETER_APPLIES[parameter].includes(strategy);
}

/** The form as a search request: parameters that do not apply to the strategy and empty fields are left out. */
export function toSearchRequest(form: SearchFormValues): SearchRequestInput {
  const request: SearchRequestInput = { strategy: form.strategy, seed: form.seed ?? 0 };
  for (const parameter of ["n", "width", "iterations", "temperature"] as const) {
    const value = form[parameter];
    if (value !== null && Number.isFinite(value) && applies(parameter, form.strategy)) request[parameter] = value;
  }
  if (form.checkArithmetic && applies("checkArithmetic", form.strategy)) request.checkArithmetic = true;
  const caps: BudgetCaps = {};
  for (const [counter, value] of Object.entries(form.caps) as [BudgetField, number | null][])
    if (value !== null && Number.isFinite(value)) caps[counter] = value;
  request.caps = caps;
  return request;
}

/** The caps a request carries, for the budget meter. */
export function capsOf(request: SearchRequestInput): BudgetCaps {
  return request.caps ?? {};
}
