import type { SearchRequestInput } from "../../../src-main/api/searchRequest.js";
import {
  CAP_PARAMETERS,
  SEARCH_PARAMETERS,
  type BudgetField,
  type ModelEntry,
  type SearchParameterName,
} from "../../../src-main/api/wireTypes.js";
import { defaultParams, type ParameterValue, type SearchFormValues } from "./searchRequest.js";

/**
 * The search form that sends `request` again: the table's defaults with the request's values over them (a request
 * leaves defaults out, see toSearchRequest), and exactly the request's caps (a cap it lacks is no cap).
 */
export function formFromRequest(request: SearchRequestInput): SearchFormValues {
  const params = defaultParams();
  const given = request as Partial<Record<SearchParameterName, ParameterValue>>;
  for (const p of SEARCH_PARAMETERS) {
    const value = given[p.name];
    if (value !== undefined) params[p.name] = value;
  }
  const caps = Object.fromEntries(CAP_PARAMETERS.map((c) => [c.counter, null])) as Record<BudgetField, number | null>;
  for (const [counter, value] of Object.entries(request.caps ?? {}))
    if (typeof value === "number") caps[counter as BudgetField] = value;
  return { strategy: request.strategy, params, caps };
}

/**
 * The model list's path for a model a saved request names: by its path, its profile's path, or its name (an
 * embedded name like `mull-policy-2m`); the reference itself when the library has no such model (the main side then
 * says what is wrong with it).
 */
export function modelPathFor(models: readonly ModelEntry[], ref: string | undefined): string {
  if (!ref) return "";
  const found = models.find((m) => m.path === ref || m.profilePath === ref || m.name === ref);
  return found?.path ?? ref;
}
