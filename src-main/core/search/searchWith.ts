import type { Engines } from "../engine/Engines.js";
import { CheckedScorer } from "../reward/CheckedScorer.js";
import type { TreeEvent } from "../tree/TreeEvent.js";
import { runSearch } from "./runSearch.js";
import type { SearchResult } from "./SearchResult.js";
import type { SearchSettings } from "./searchSettings.js";

/** One search to run on models named by their profiles. */
export interface ModelSearch {
  problem: string;
  settings: SearchSettings;
  /** The policy's `.profile.json` (absolute). */
  policy: string;
  /** The PRM's `.profile.json`; loaded only when the strategy scores (settings.needsScorer). */
  prm?: string | undefined;
  /** Concurrent decodes to load the policy with. Default settings.sequences (a sweep passes its largest item's). */
  sequences?: number | undefined;
}

/**
 * Opens the models of one search through `engines`, runs it, and gives the models back, however it ends: the one
 * place a solve, each compare column and each sweep item go from profiles to a result. The profile's step
 * delimiter and `maxSteps` (the depth limit) take effect here; the scorer is gated by the arithmetic step checker
 * when the settings ask for it. Errors: whatever loading or searching throws
 * (ModelFileError, EngineCrashError, SearchOptionError, ...), after the models are given back.
 */
export async function searchWith(
  engines: Engines,
  search: ModelSearch,
  signal: AbortSignal | undefined,
  onEvent?: (event: TreeEvent) => void,
): Promise<SearchResult> {
  const { settings } = search;
  const opened = await engines.openPolicy(search.policy, search.sequences ?? settings.sequences);
  try {
    const scorer = settings.needsScorer && search.prm !== undefined ? await engines.openScorer(search.prm) : undefined;
    try {
      return await runSearch(settings.strategy, {
        ...settings.options,
        problem: search.problem,
        policy: opened.policy,
        scorer: settings.checkArithmetic && scorer ? new CheckedScorer(scorer) : scorer,
        stepDelimiter: opened.stepDelimiter,
        maxDepth: opened.maxSteps,
        seed: settings.seed,
        budget: settings.caps,
        signal,
        onEvent,
      });
    } finally {
      await scorer?.dispose?.();
    }
  } finally {
    await opened.dispose();
  }
}
