import type { RunEvent } from "../api/RunEvent.js";
import type { ChatChunk, ChatTurnResult } from "../core/chat/ChatTurn.js";
import type { ChatEngines, Engines } from "../core/engine/Engines.js";
import { EngineCrashError } from "../core/engine/EngineCrashError.js";
import { ChatError } from "../core/chat/ChatError.js";
import { searchTurnResult } from "../core/chat/searchTurnResult.js";
import { loadPolicyProfile } from "../core/models/profiles.js";
import type { SearchSettings } from "../core/search/searchSettings.js";
import { searchWith } from "../core/search/searchWith.js";
import { saveSearchResult } from "../core/store/saveSearchResult.js";
import { exchangesOf, type ConversationStore } from "../core/store/ConversationStore.js";
import type { RunStatus } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";

export interface ChatJobContext {
  store: RunStore;
  conversations: ConversationStore;
  /** `forget` drops models of an engine process that died, so the next turn loads them in a fresh one. */
  engines: ChatEngines & Engines & { forget?(): void };
  signal: AbortSignal;
  emit?: ((event: RunEvent) => void) | undefined;
}

/** One message sent to a conversation. */
export interface ChatConfig {
  conversationId: number;
  message: string;
  /** The policy's profile path (resolved). */
  policy: string;
  /** Cap on reasoning tokens this turn; absent for none. */
  reasoningBudget?: number | undefined;
  /**
   * Answer with a search strategy and a PRM instead of one generation: the turn's reasoning is the chosen path, and
   * its whole thought tree is saved with the turn's run. The search sees the message alone (a policy's problem
   * prompt has no room for a conversation).
   */
  search?: { settings: SearchSettings; prm: string | undefined; policyName: string } | undefined;
}

/**
 * The one job behind `mull chat` and the Chat view: saves the message as a running turn, runs the turn as a run
 * of kind `chat` (so Stop is cancelRun and the events stream as any run's), streams `chat-chunk` events, and saves
 * the reply the moment it ends: whole, what Stop kept, or the error with the text written before it. The context is
 * the conversation's earlier exchanges without their reasoning (core/chat).
 *
 * @throws StoreError for an unknown conversation, before anything is saved
 */
export function startChatJob(
  ctx: ChatJobContext,
  config: ChatConfig,
): { runId: number; turn: number; done: Promise<{ status: RunStatus; result: ChatTurnResult }> } {
  const conversation = ctx.conversations.get(config.conversationId);
  const history = exchangesOf(conversation);
  const turn = ctx.conversations.startTurn(config.conversationId, config.message);
  const runId = ctx.store.createRun({ kind: "chat", config: { ...config, turn } });
  const emit = ctx.emit ?? (() => {});
  const written = { reasoning: "", answer: "" };
  const done = (async () => {
    try {
      let result: ChatTurnResult;
      if (config.search) {
        const started = performance.now();
        const found = await searchWith(
          ctx.engines,
          { problem: config.message, settings: config.search.settings, policy: config.policy, prm: config.search.prm },
          ctx.signal,
          (event) => emit({ type: "tree", column: 0, event }),
        );
        saveSearchResult(ctx.store, runId, "turn", config.message, config.search.policyName, found);
        const profile = loadPolicyProfile(config.policy);
        const format = profile.reasoning ?? "steps";
        result = searchTurnResult(found, profile.stepDelimiter, runId, performance.now() - started, format);
        emit({ type: "chat-chunk", chunk: { kind: "reasoning", text: result.reasoning } });
        emit({ type: "chat-chunk", chunk: { kind: "answer", text: result.answer } });
        return finish(result);
      }
      const model = await ctx.engines.openChat(config.policy);
      try {
        result = await model.chatTurn(
          {
            system: conversation.system ?? undefined,
            history,
            message: config.message,
            reasoningBudget: config.reasoningBudget,
          },
          (chunk: ChatChunk) => {
            written[chunk.kind] += chunk.text;
            emit({ type: "chat-chunk", chunk });
          },
          ctx.signal,
        );
      } finally {
        await model.dispose();
      }
      return finish(result);
    } catch (e) {
      if (e instanceof EngineCrashError) ctx.engines.forget?.();
      const message = (e as Error).message.split("\n")[0] ?? String(e);
      // A message refused before anything was generated is not kept (nor its conversation, if it was the first).
      if (e instanceof ChatError && written.reasoning === "" && written.answer === "")
        ctx.conversations.removeTurn(config.conversationId, turn);
      else ctx.conversations.finishTurn(config.conversationId, turn, { error: message, ...written });
      ctx.store.finishRun(runId, "failed", message);
      throw e;
    }
  })();
  return { runId, turn, done };

  function finish(result: ChatTurnResult): { status: RunStatus; result: ChatTurnResult } {
    ctx.conversations.finishTurn(config.conversationId, turn, { result });
    const { tokenIds: _ids, ...saved } = result;
    ctx.store.setMetric(runId, "chat", { conversationId: config.conversationId, turn, ...saved });
    emit({ type: "chat-turn", conversationId: config.conversationId, turn, result: saved });
    const status: RunStatus = result.stoppedBy === "aborted" ? "cancelled" : "done";
    ctx.store.finishRun(runId, status);
    return { status, result };
  }
}
