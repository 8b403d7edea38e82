import type { LlamaPolicy } from "../policy/LlamaPolicy.js";
import type { ChatChunk, ChatTurnRequest, ChatTurnResult } from "./ChatTurn.js";
import { rawChatTurn } from "./rawChatTurn.js";
import { templateChatTurn } from "./templateChatTurn.js";

/**
 * One assistant turn: reasoning, then the answer, streamed through `onChunk`; earlier exchanges in the context
 * without their reasoning. A `chat` profile runs on the model's own chat template (templateChatTurn), a `raw` one on
 * its prompt template (rawChatTurn). Aborting `signal` stops at the next token and keeps what was written.
 *
 * @throws ChatError naming the field at fault (reasoningBudget, answerCue, message)
 */
export function runChatTurn(
  policy: LlamaPolicy,
  request: ChatTurnRequest,
  onChunk?: (chunk: ChatChunk) => void,
  signal?: AbortSignal,
): Promise<ChatTurnResult> {
  return policy.profile.promptFormat === "chat"
    ? templateChatTurn(policy, request, onChunk, signal)
    : rawChatTurn(policy, request, onChunk, signal);
}
