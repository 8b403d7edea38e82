import type { ChatChunk, ChatTurnRequest, ChatTurnResult } from "./ChatTurn.js";

/** A model that can hold a conversation: LlamaPolicy in this process, RemotePolicy in the engine process. */
export interface ChatModel {
  /**
   * One assistant turn (runChatTurn): reasoning then answer, streamed through `onChunk`; aborting `signal` keeps
   * what was written.
   */
  chatTurn(
    request: ChatTurnRequest,
    onChunk?: (chunk: ChatChunk) => void,
    signal?: AbortSignal,
  ): Promise<ChatTurnResult>;
}
