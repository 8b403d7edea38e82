import type { BudgetField, StrategyName } from "../../../src-main/api/wireTypes.js";
import { toSearchRequest, type SearchFormValues } from "./searchRequest.js";

/** The search settings a person edits (Solve and Compare each keep one), with the CLI's defaults. */
export class SearchForm implements SearchFormValues {
  strategy = $state<StrategyName>("beam");
  n = $state<number | null>(8);
  width = $state<number | null>(4);
  iterations = $state<number | null>(32);
  seed = $state<number | null>(0);
  temperature = $state<number | null>(0.8);
  checkArithmetic = $state(false);
  caps = $state<Record<BudgetField, number | null>>({
    generatedTokens: 4000,
    evaluatedTokens: null,
    rewardCalls: null,
    nodes: null,
    ms: 60000,
  });

  request = $derived(toSearchRequest(this));
}
