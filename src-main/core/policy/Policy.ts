import type { Sampling } from "./Sampling.js";

/** Why a generated piece of text ended. */
export type FinishReason = "step" | "answer" | "eos" | "length" | "aborted";

/** Compute spent by one policy call, counted exactly. */
export interface PolicyCost {
  /** Tokens sampled by the model. */
  generatedTokens: number;
  /** Prompt and path tokens run through the model (prefill); tokens already in a sequence's KV cache are not. */
  evaluatedTokens: number;
  /** Prefix tokens that were found in a sequence's KV cache and not evaluated again. */
  reusedTokens: number;
  ms: number;
}

/** One candidate next step (or, from `rollout`, the whole rest of a solution). */
export interface StepCandidate {
  /** The step's text without its delimiter; for a rollout, every step joined by the delimiter. */
  text: string;
  tokens: number[];
  /**
   * Sum of `tokenLogProbs`: the log-probability the model itself gives this text after the prefix, natural log.
   * End-of-generation, which ends a text without being one of its tokens, is not counted.
   */
  logProb: number;
  /**
   * Per token, log softmax of the model's raw logits over the whole vocabulary at temperature 1: the model's own
   * distribution, before the temperature, top-k, top-p and min-p that chose the token (those would give a kept
   * token probability 1 wherever truncation leaves it alone). Search uses it as the step's prior (PUCT).
   */
  tokenLogProbs: number[];
  finishReason: FinishReason;
  /** The answer, when this text completes an answer line. */
  answer: string | undefined;
  cost: PolicyCost;
}

/** Limits one call works within, set by search from what its budget leaves (see SearchRun). */
export interface CallLimits {
  /**
   * Most tokens each candidate (each sequence) may generate in this call, a positive integer; the profile's own
   * step or rollout limit still applies, and the smaller wins. A candidate it stops ends with finish reason
   * `length`. Default: no limit beyond the profile's.
   */
  maxTokens?: number | undefined;
}

/** Limits of a rollout: those of any call, and how many steps it may write. */
export interface RolloutLimits extends CallLimits {
  /**
   * Most steps the rollout may write, a positive integer (search's depth limit less the path's length). A rollout
   * that reaches it without an answer ends with finish reason `length`. Default: no limit beyond the profile's.
   */
  maxSteps?: number | undefined;
}

/**
 * A policy model as search sees it. A path is the list of steps so far (texts without delimiters); the
 * problem's prompt comes from the model's profile.
 */
export interface Policy {
  /** Up to k candidate next steps after `path`, decoded concurrently; candidate i samples with seed + i. */
  expand(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: CallLimits,
  ): Promise<StepCandidate[]>;
  /** Continues `path` to an answer (or EOS, or a length or step limit). */
  rollout(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: RolloutLimits,
  ): Promise<StepCandidate>;
  /**
   * k continuations of `path` to an answer (as `rollout`), drawn together so the prefix (prompt + path) is evaluated
   * once and shared by the k sequences (LlamaPolicy copies its KV cache, as `expand` does). Rollout i samples with
   * seed + i, or, with `limits.maxSteps` (decoded step by step, step j with seed + j), seed + i × maxSteps, so no two
   * steps of one call share a seed. The shared prefill is charged to the first rollout, so the costs sum to what was
   * spent. Optional: without it callers run k `rollout` calls with the same seeds (see core/annotate/drawRollouts).
   */
  rollouts?(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: RolloutLimits,
  ): Promise<StepCandidate[]>;
  /**
   * The token ids of the prompt plus `path` as the policy evaluates them (prompt template filled, BOS, delimiters):
   * what a call from that path needs in its KV cache. Optional: annotation counts distinct prefix tokens with it.
   */
  prefixTokenIds?(problem: string, path: readonly string[]): Promise<number[]>;
  /**
   * Drops state cached by earlier calls (KV caches) that would make later calls cheaper, so a search that starts
   * after it is charged what it costs on its own. Optional: a policy without such state has nothing to drop.
   */
  reset?(): Promise<void>;
}
