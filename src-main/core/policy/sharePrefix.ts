import type { Token } from "node-llama-cpp";
import { copySequencePrefix } from "./copySequencePrefix.js";
import type { PooledSequence } from "./SequencePool.js";

/** What sharing a prefix cost: tokens the leader evaluated, and the time it took. */
export interface SharedPrefill {
  evaluatedTokens: number;
  ms: number;
}

/**
 * Gets all but the last token of `prefix` into every sequence of a group that will decode candidates from it,
 * evaluating them once: the leader evaluates what it lacks, and each other sequence that lacks some gets a copy
 * of the leader's KV cache. The last token stays out because each candidate must evaluate it on its own sequence
 * to get the logits it samples its first token from (node-llama-cpp samples only from a decode it just made).
 * Updates each `reusable` to what the sequence now holds. A prefix that fills the context is left alone: nothing
 * can be generated after it (decodeOnSequence ends at once with `length`), and evaluating it would make llama.cpp
 * shift the context, dropping the start of the prompt.
 */
export async function sharePrefix(
  leader: PooledSequence,
  followers: readonly PooledSequence[],
  prefix: readonly Token[],
): Promise<SharedPrefill> {
  const started = performance.now();
  if (prefix.length >= leader.sequence.contextSize) return { evaluatedTokens: 0, ms: performance.now() - started };
  const target = prefix.length - 1;
  let evaluatedTokens = 0;
  const { sequence } = leader;
  if (leader.reusable < target) {
    if (leader.reusable < sequence.nextTokenIndex)
      await sequence.eraseContextTokenRanges([{ start: leader.reusable, end: sequence.nextTokenIndex }]);
    const missing = prefix.slice(leader.reusable, target) as Token[];
    await sequence.evaluateWithoutGeneratingNewTokens(missing);
    evaluatedTokens = missing.length;
    leader.reusable = target;
  }
  for (const follower of followers)
    if (follower.reusable < target && (await copySequencePrefix(follower.sequence, sequence, target)))
      follower.reusable = target;
  return { evaluatedTokens, ms: performance.now() - started };
}
