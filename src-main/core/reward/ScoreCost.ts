/**
 * Compute spent by reward scoring, counted exactly: per call, and summed over a scorer's life. Rule verifiers
 * report steps and time only.
 */
export interface ScoreCost {
  /** Reward-model runs (`session.run`); 0 when every score came from the cache or a rule. */
  modelCalls: number;
  /**
   * Tokens the model ran over, padding excluded. A PRM in plain form sees each sequence whole, cached prefix
   * included; one in cached form (a profile's `kvModel`) runs only the tokens after its parent's cached state.
   */
  evaluatedTokens: number;
  /** Tokens whose keys/values came from the PRM's cache (cached form only) instead of being run again. */
  reusedTokens: number;
  /** Padding positions of batched runs: computed and thrown away. */
  paddingTokens: number;
  /**
   * Evaluated tokens past the longest prefix whose step scores were cached: what scoring the new steps costs
   * incrementally, and about what the cached form evaluates (it also runs a step again whose state was evicted).
   */
  newTokens: number;
  /** Step scores computed in this call (by the model or a rule). */
  stepsScored: number;
  /** Step scores served from the prefix cache. */
  cacheHits: number;
  /**
   * Steps that end past the reward model's maximum input length (PrmProfile.maxSequenceLength): the model never
   * saw them, and they score 0.
   */
  overLengthSteps: number;
  ms: number;
}

/** Helpers for the cost record: a zero, and a sum. */
export const ScoreCost = {
  zero(): ScoreCost {
    const counts = { modelCalls: 0, evaluatedTokens: 0, paddingTokens: 0, newTokens: 0, stepsScored: 0, cacheHits: 0 };
    return { ...counts, reusedTokens: 0, overLengthSteps: 0, ms: 0 };
  },
  /** Adds `b` into `a` (a running total) and returns `a`. */
  addInto(a: ScoreCost, b: ScoreCost): ScoreCost {
    for (const key of Object.keys(a) as (keyof ScoreCost)[]) a[key] += b[key];
    return a;
  },
};
