import type { Policy } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { Scorer } from "../reward/Scorer.js";
import type { TreeEvent } from "../tree/TreeEvent.js";
import type { BudgetCaps } from "./BudgetCaps.js";
import { SAMPLING_DEFAULTS } from "./searchParameters.js";

/** What every strategy takes. Each strategy's own options extend this. */
export interface SearchOptions {
  /** The problem text, as the policy's prompt template and the scorer take it. */
  problem: string;
  policy: Policy;
  /** Required by best-of-n, beam, dvts and mcts. Greedy and self-consistency never score. */
  scorer?: Scorer | undefined;
  /** Every sampling seed is derived from it (see SeedSequence). A non-negative integer; default 0. */
  seed?: number | undefined;
  /** Caps on spending; default none. */
  budget?: BudgetCaps | undefined;
  /** Aborting it stops the search promptly; the result keeps the best answer found so far. */
  signal?: AbortSignal | undefined;
  /** Receives every tree event as the search goes; default none. */
  onEvent?: ((event: TreeEvent) => void) | undefined;
  /** What separates steps in a rollout's text: the policy profile's delimiter. Default "\n". */
  stepDelimiter?: string | undefined;
  /** Longest path, in steps; a node this deep is not expanded. Default 16. */
  maxDepth?: number | undefined;
  /**
   * How candidates are sampled; a field left out takes SAMPLING_DEFAULTS (searchParameters.ts), so every
   * setting the policy samples with is explicit. Greedy always decodes at temperature 0. Any seed given here is
   * replaced by derived seeds.
   */
  sampling?: Sampling | undefined;
}

/** The defaults of SearchOptions, stated once. */
export const SEARCH_DEFAULTS = {
  seed: 0,
  stepDelimiter: "\n",
  maxDepth: 16,
  sampling: SAMPLING_DEFAULTS as Sampling,
} as const;
