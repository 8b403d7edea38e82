import { chooseAnswer } from "./chooseAnswer.js";
import { countLeaves } from "./countLeaves.js";
import { positiveInteger } from "./positiveInteger.js";
import type { SearchOptions } from "./SearchOptions.js";
import type { SearchResult } from "./SearchResult.js";
import { runStrategy } from "./runStrategy.js";
import { sampleChains } from "./sampleChains.js";

export interface SelfConsistencyOptions extends SearchOptions {
  /** Solutions sampled. Default 8. */
  n?: number | undefined;
}

/**
 * Self-consistency: sample n solutions and return the answer most of them reach, numerically compared ("402"
 * and "402.0" vote together). No verifier: the vote is the only signal. The result's score is the vote share.
 */
export async function selfConsistency(options: SelfConsistencyOptions): Promise<SearchResult> {
  const n = positiveInteger(options.n, "n", 8);
  return runStrategy("self-consistency", options, false, async (run) => {
    // Chains that wrote the same solution share one leaf: it votes once per chain.
    const leaves = countLeaves(await sampleChains(run, n, run.sampling));
    const candidates = leaves.map(({ leaf, count }) => ({ leaf, count, answer: run.tree.node(leaf).answer, score: 0 }));
    return chooseAnswer(candidates, "majority");
  });
}
