/** The search strategies, by the names the dispatcher, the CLI and saved results use. */
export const STRATEGY_NAMES = ["greedy", "self-consistency", "best-of-n", "beam", "dvts", "mcts"] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** The strategies that score steps (and so load a PRM, and can have it gated); greedy and majority vote do not. */
export const SCORING_STRATEGIES: readonly StrategyName[] = ["best-of-n", "beam", "dvts", "mcts"];
