import type { SearchResult } from "../search/SearchResult.js";
import type { ChatTurnResult, ReasoningFormat } from "./ChatTurn.js";

/**
 * A turn answered by a search strategy with a PRM (best-of-n, beam, MCTS, …; core/search) instead of one
 * generation: its reasoning is the chosen path's steps before the answer step (the whole tree is saved with run
 * `runId`), its answer the strategy's chosen answer. Tokens: see ChatTurnResult.search.
 *
 * @param stepDelimiter the policy profile's, to join the path's steps as the model writes them
 * @param ms the turn's wall time, milliseconds
 */
export function searchTurnResult(
  result: SearchResult,
  stepDelimiter: string,
  runId: number,
  ms: number,
  format: ReasoningFormat = "steps",
): ChatTurnResult {
  const steps = result.path.map((s) => s.text);
  // The last step of an answered path is the answer line; the steps before it are the reasoning.
  const reasoning = result.answer !== null && steps.length > 0 ? steps.slice(0, -1) : steps;
  const { generatedTokens, evaluatedTokens, rewardCalls, nodes } = result.spent;
  // A thought model's path is its thought: the segment's markers, written as text in the steps, are not reasoning.
  const text = reasoning.join(stepDelimiter);
  return {
    reasoning: format === "thought" ? text.replace(/<\/?think>/g, "").trim() : text,
    answer: result.answer ?? "",
    reasoningFormat: format,
    tokens: { context: 0, reasoning: generatedTokens, answer: 0 },
    budgetHit: false,
    stoppedBy: result.stoppedBy === "cancelled" ? "aborted" : "done",
    droppedExchanges: 0,
    timeToFirstTokenMs: null,
    tokensPerSecond: ms > 0 ? (1000 * generatedTokens) / ms : 0,
    ms,
    search: {
      strategy: result.strategy,
      nodes,
      generatedTokens,
      evaluatedTokens,
      rewardCalls,
      score: result.score,
      stoppedBy: result.stoppedBy,
      runId,
    },
  };
}
