import type { LlamaContextSequence } from "node-llama-cpp";

/** node-llama-cpp's own KV copy between sequences, as its compiled code defines it (absent from its typings). */
interface SequenceWithCopy {
  _copyStateFromOtherSequence?: (source: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean>;
}

/**
 * Makes `target` hold the first `length` tokens of `source`'s KV cache without evaluating them: llama.cpp's
 * `llama_memory_seq_cp`, reached through `LlamaContextSequence._copyStateFromOtherSequence`, which node-llama-cpp
 * 3.22 marks internal (its LlamaDecisionContext uses it) and leaves out of the public API. It copies the source's
 * whole cache under the context lock, then erases the target's tail past `length`. Returns false when the method
 * is missing (another node-llama-cpp version) or the copy did not come out whole; the caller then evaluates the
 * prefix instead, so this can only save work, never change a result.
 */
export async function copySequencePrefix(
  target: LlamaContextSequence,
  source: LlamaContextSequence,
  length: number,
): Promise<boolean> {
  const copy = (target as unknown as SequenceWithCopy)._copyStateFromOtherSequence;
  if (typeof copy !== "function" || source.nextTokenIndex < length) return false;
  return (await copy.call(target, source, length)) && target.nextTokenIndex === length;
}
