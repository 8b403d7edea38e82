import { beamWidthFor } from "../search/beamWidthFor.js";
import type { StrategyName } from "../search/StrategyName.js";

/** The strategy options a sweep budget sets; the rest keep their defaults. */
export interface BudgetedOptions {
  /** Samples (self-consistency, best-of-n) or candidates per depth (beam, dvts). */
  n?: number;
  /** Beam width M for beam and dvts. */
  beamWidth?: number;
  /** MCTS rounds. */
  iterations?: number;
}

/**
 * What sweep budget b means for each strategy, so that one x-axis value buys comparable search: n = b samples
 * for self-consistency and best-of-n; N = b candidates per depth for beam and DVTS (width min(b, 4), lowered to
 * divide b); 4b rounds for MCTS, which values one leaf per round where the others score a whole depth at once.
 * Greedy ignores the budget: a sweep runs it once per problem (budget null).
 */
export function strategyBudget(strategy: StrategyName, b: number): BudgetedOptions {
  switch (strategy) {
    case "greedy":
      return {};
    case "self-consistency":
    case "best-of-n":
      return { n: b };
    case "beam":
    case "dvts":
      return { n: b, beamWidth: beamWidthFor(b) };
    case "mcts":
      return { iterations: 4 * b };
  }
}
