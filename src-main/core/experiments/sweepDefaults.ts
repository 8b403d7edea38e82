import type { StrategyName } from "../search/StrategyName.js";

/**
 * A sweep's defaults, stated once for `mull sweep`, the API and the Experiments view: which strategies (the
 * baselines self-consistency and best-of-n are always added, see planSweep) and which budgets. The view starts
 * with `uiLimit` problems so a first click finishes in seconds; the CLI runs the whole set unless `--limit` says.
 */
export const SWEEP_DEFAULTS = {
  strategies: ["greedy", "beam"] as readonly StrategyName[],
  budgets: [1, 2, 4, 8, 16] as readonly number[],
  seed: 0,
  uiLimit: 4,
} as const;
