import type { SearchRequestInput } from "../../../src-main/api/searchRequest.js";
import {
  CAP_PARAMETERS,
  SEARCH_PARAMETERS,
  parameterApplies,
  type BudgetCaps,
  type BudgetField,
  type SearchParameterName,
  type StrategyName,
} from "../../../src-main/api/wireTypes.js";

/** A parameter's value in the form: a number, a choice, a switch; null is an empty number field. */
export type ParameterValue = number | string | boolean | null;

/** What the search settings form holds: one value per row of SEARCH_PARAMETERS, and the caps (null: no cap). */
export interface SearchFormValues {
  strategy: StrategyName;
  params: Record<SearchParameterName, ParameterValue>;
  caps: Record<BudgetField, number | null>;
}

/** The table's defaults as form values (a strategy-dependent default, like width's, starts at 4). */
export function defaultParams(): Record<SearchParameterName, ParameterValue> {
  return Object.fromEntries(SEARCH_PARAMETERS.map((p) => [p.name, p.default ?? 4])) as Record<
    SearchParameterName,
    ParameterValue
  >;
}

/** The caps a new form starts with: a 4,000-token and one-minute cap, so a first search cannot run away. */
export function defaultCaps(): Record<BudgetField, number | null> {
  const caps = Object.fromEntries(CAP_PARAMETERS.map((c) => [c.counter, null])) as Record<BudgetField, number | null>;
  return { ...caps, generatedTokens: 4000, ms: 60000 };
}

/** Whether a parameter applies to a strategy: the main side refuses one that does not. */
export function applies(parameter: SearchParameterName, strategy: StrategyName): boolean {
  return parameterApplies(parameter, strategy);
}

/**
 * The form as a search request: parameters that do not apply to the strategy, empty fields, switches left off,
 * and values equal to the table's default are left out (the main side fills defaults from the same table), so a
 * request names only what the person changed. The seed is always sent.
 */
export function toSearchRequest(form: SearchFormValues): SearchRequestInput {
  const request: Record<string, unknown> = { strategy: form.strategy, seed: form.params.seed ?? 0 };
  for (const p of SEARCH_PARAMETERS) {
    const value = form.params[p.name];
    if (p.name === "seed" || value === null || !applies(p.name, form.strategy)) continue;
    if (typeof value === "number" && !Number.isFinite(value)) continue;
    if (p.type.kind === "boolean" && value !== true) continue;
    if (value === p.default && p.type.kind !== "number" && p.type.kind !== "integer") continue;
    // `aggregate` only means something with step scores: not with an ORM verifier or rollout values.
    if (p.name === "aggregate" && form.params.verifier === "orm" && form.strategy === "best-of-n") continue;
    if (p.name === "aggregate" && form.params.value === "rollout" && form.strategy === "mcts") continue;
    request[p.name] = value;
  }
  const caps: BudgetCaps = {};
  for (const [counter, value] of Object.entries(form.caps) as [BudgetField, number | null][])
    if (value !== null && Number.isFinite(value)) caps[counter] = value;
  request.caps = caps;
  return request as SearchRequestInput;
}

/** The caps a request carries, for the budget meter. */
export function capsOf(request: SearchRequestInput): BudgetCaps {
  return request.caps ?? {};
}
