/**
 * Caps on what one search may spend. Each is optional (no cap) and, when given, a positive integer; the search
 * stops at the first one reached. A call in flight finishes (or, for wall time, is aborted), so a counter can
 * pass its cap by at most the last call's cost; the node cap is exact.
 */
export interface BudgetCaps {
  /** Tokens sampled by the policy. */
  generatedTokens?: number;
  /** Prompt and path tokens the policy ran through the model (prefill); KV-cached tokens are not counted. */
  evaluatedTokens?: number;
  /** Reward calls: one per `scoreSteps` or `scoreOutcome`, whatever the scorer does inside. */
  rewardCalls?: number;
  /** Step nodes in the tree (the root, which is the problem, is not counted). */
  nodes?: number;
  /** Wall time in milliseconds, from the start of the search. */
  ms?: number;
}

/** A budget counter's name. */
export type BudgetField = keyof BudgetCaps;

/** What a search spent, in every counter (ms is the search's wall time). */
export type Spent = Record<BudgetField, number>;

/** Why a search ended: the cap reached first, the caller's signal, or the strategy finishing its work. */
export type StopReason = BudgetField | "cancelled" | "complete";
