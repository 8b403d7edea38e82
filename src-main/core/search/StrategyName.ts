/** The search strategies, by the names the dispatcher, the CLI and saved results use. */
export const STRATEGY_NAMES = ["greedy", "self-consistency", "best-of-n", "beam", "dvts", "mcts"] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];
