import { ChatError } from "./ChatError.js";
import type { ChatExchange } from "./ChatTurn.js";

/**
 * The exchanges that stay in a turn's context. Rule (documented in docs/chat.md): the system prompt and the
 * current message always stay; earlier exchanges are dropped oldest first, each whole (its message and its answer
 * together), until the context holds the prompt plus `reserve` tokens for the reply. Reasoning is never in the
 * context, so it is never what is dropped.
 *
 * @param length tokens of the prompt built from the system prompt, these exchanges and the message
 * @returns the kept exchanges (the newest ones) and how many were dropped
 * @throws ChatError (field `message`) when even the system prompt and the message alone leave no room for the reply
 */
export async function fitHistory(
  history: readonly ChatExchange[],
  length: (kept: readonly ChatExchange[]) => Promise<number> | number,
  contextSize: number,
  reserve: number,
  /** Another way to make room, added to the error ("or lower the reasoning budget"); none by default. */
  hint?: string,
): Promise<{ kept: ChatExchange[]; dropped: number; promptTokens: number }> {
  const room = contextSize - reserve;
  // Most turns fit whole: measure that first, then search for the fewest drops (length grows with what is kept).
  const whole = await length(history);
  if (whole <= room) return { kept: [...history], dropped: 0, promptTokens: whole };
  const alone = await length([]);
  if (alone > room)
    throw new ChatError(
      `the system prompt and the message are ${alone} tokens, and with the ${reserve} tokens kept for the reply they ` +
        `do not fit the context of ${contextSize}: shorten the message or the system prompt${hint ? `, ${hint}` : ""}`,
      "message",
    );
  // Binary search over how many of the oldest exchanges to drop: lo fits (all dropped), hi does not.
  let lo = history.length;
  let hi = 0;
  let best = alone;
  while (lo - hi > 1) {
    const mid = (lo + hi) >> 1;
    const n = await length(history.slice(mid));
    if (n <= room) {
      lo = mid;
      best = n;
    } else hi = mid;
  }
  return { kept: history.slice(lo), dropped: lo, promptTokens: best };
}
