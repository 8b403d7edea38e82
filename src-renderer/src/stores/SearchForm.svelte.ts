import type { BudgetField, SearchParameterName, StrategyName } from "../../../src-main/api/wireTypes.js";
import {
  defaultCaps,
  defaultParams,
  toSearchRequest,
  type ParameterValue,
  type SearchFormValues,
} from "./searchRequest.js";

/** The search settings a person edits (Solve and Compare each keep one), starting at the parameter table's defaults. */
export class SearchForm implements SearchFormValues {
  strategy = $state<StrategyName>("beam");
  params = $state<Record<SearchParameterName, ParameterValue>>(defaultParams());
  caps = $state<Record<BudgetField, number | null>>(defaultCaps());

  request = $derived(toSearchRequest(this));
}
