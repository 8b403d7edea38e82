/**
 * Caps on what one search may spend. Each is optional (no cap) and, when given, a positive integer; the search
 * stops at the first one reached. How far each can be passed:
 * - generated tokens: every policy call is told what the cap leaves (CallLimits.maxTokens, split evenly over the
 *   sequences decoding at once; Budget.tokensPerSequence), so the cap is passed by at most one token per sequence
 *   of the last call;
 * - evaluated tokens: by at most the last call's prefill. How much of a prefix must be evaluated is known only
 *   inside the policy (what its sequences' KV caches already hold), and a prefix cut short is a different
 *   question, not a cheaper one; so a call is not refused for its prefix, and the search stops after it;
 * - reward calls and nodes: exact (checked before each call, and each node);
 * - wall time: the call in flight is aborted when it passes (Budget.signal); a reward call in flight finishes.
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
