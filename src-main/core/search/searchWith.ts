import type { OpenedPolicy } from "../experiments/OpenedPolicy.js";
import { CheckedScorer } from "../reward/CheckedScorer.js";
import type { Scorer } from "../reward/Scorer.js";
import type { TreeEvent } from "../tree/TreeEvent.js";
import { runSearch } from "./runSearch.js";
import type { SearchResult } from "./SearchResult.js";
import type { SearchSettings } from "./searchSettings.js";

/**
 * Runs a validated search on one problem with a loaded policy (and a scorer when the strategy needs one), the
 * scorer gated by the arithmetic step checker when the settings ask for it.
 */
export function searchWith(
  settings: SearchSettings,
  problem: string,
  policy: OpenedPolicy,
  scorer: Scorer | undefined,
  signal: AbortSignal,
  onEvent?: (event: TreeEvent) => void,
): Promise<SearchResult> {
  return runSearch(settings.strategy, {
    ...settings.options,
    problem,
    policy: policy.policy,
    scorer: settings.checkArithmetic && scorer ? new CheckedScorer(scorer) : scorer,
    stepDelimiter: policy.stepDelimiter,
    seed: settings.seed,
    budget: settings.caps,
    signal,
    onEvent,
  });
}
