import { beamSearch, type BeamSearchOptions } from "./beamSearch.js";
import { bestOfN, type BestOfNOptions } from "./bestOfN.js";
import { dvts, type DvtsOptions } from "./dvts.js";
import { greedy, type GreedyOptions } from "./greedy.js";
import { mcts, type MctsOptions } from "./mcts.js";
import type { SearchResult } from "./SearchResult.js";
import { selfConsistency, type SelfConsistencyOptions } from "./selfConsistency.js";
import { STRATEGY_NAMES, type StrategyName } from "./StrategyName.js";
import { UnknownStrategyError } from "./UnknownStrategyError.js";

/** Each strategy's options, by name. */
export interface StrategyOptions {
  greedy: GreedyOptions;
  "self-consistency": SelfConsistencyOptions;
  "best-of-n": BestOfNOptions;
  beam: BeamSearchOptions;
  dvts: DvtsOptions;
  mcts: MctsOptions;
}

const STRATEGIES: { [N in StrategyName]: (options: StrategyOptions[N]) => Promise<SearchResult> } = {
  greedy,
  "self-consistency": selfConsistency,
  "best-of-n": bestOfN,
  beam: beamSearch,
  dvts,
  mcts,
};

/**
 * Runs a strategy by name: the one entry point for the CLI, the API and experiments, where the name arrives
 * as a string. An unknown name is an UnknownStrategyError; bad options are a SearchOptionError or a
 * BudgetError naming the field, raised before any model call.
 */
export async function runSearch<N extends StrategyName>(name: N, options: StrategyOptions[N]): Promise<SearchResult>;
export async function runSearch(name: string, options: StrategyOptions[StrategyName]): Promise<SearchResult>;
export async function runSearch(name: string, options: StrategyOptions[StrategyName]): Promise<SearchResult> {
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) throw new UnknownStrategyError(name, STRATEGY_NAMES);
  const run = STRATEGIES[name as StrategyName] as (options: StrategyOptions[StrategyName]) => Promise<SearchResult>;
  return run(options);
}
