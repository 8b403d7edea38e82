import { distinctAnswers } from "../experiments/distinctAnswers.js";
import { answersMatch } from "../domain/answerChecker.js";
import type { SearchResult } from "../search/SearchResult.js";
import type { RunItem } from "./RunRecord.js";

/** What a search result alone does not say about the item it belongs to. */
export interface RunItemContext {
  key: string;
  problemId: string | null;
  problem: string;
  budget: number | null;
  policy: string;
  /** The reference answer, when known: the item is then marked correct or not by the answer checker. */
  reference: string | null;
}

/** A search result as a stored item: the answer checked against the reference, the path without node ids. */
export function toRunItem(result: SearchResult, context: RunItemContext): RunItem {
  const { reference } = context;
  return {
    ...context,
    strategy: result.strategy,
    answer: result.answer,
    correct: reference === null ? null : result.answer !== null && answersMatch(result.answer, reference),
    score: result.score,
    stoppedBy: result.stoppedBy,
    spent: { ...result.spent },
    distinctAnswers: distinctAnswers(result.tree),
    nonFiniteScores: result.nonFiniteScores,
    path: result.path.map((step) => ({ text: step.text, score: step.score })),
    ...(result.candidates && { candidates: result.candidates }),
    completedAt: new Date().toISOString(),
  };
}
