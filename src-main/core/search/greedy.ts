import type { SearchOptions } from "./SearchOptions.js";
import type { SearchResult } from "./SearchResult.js";
import { runStrategy } from "./runStrategy.js";
import { sampleChains } from "./sampleChains.js";

/** Greedy chain of thought takes only the common options; it never scores (a scorer given is not called). */
export type GreedyOptions = SearchOptions;

/**
 * Greedy chain of thought: one solution, each step the policy's most likely one (temperature 0; searchSettings
 * refuses sampling options for it). The baseline every other strategy has to beat per unit of compute.
 */
export async function greedy(options: GreedyOptions): Promise<SearchResult> {
  return runStrategy("greedy", options, false, async (run) => {
    const [leaf] = await sampleChains(run, 1, { temperature: 0 });
    return leaf === undefined ? undefined : { leaf, score: null };
  });
}
