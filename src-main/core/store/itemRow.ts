import type { RunItem } from "./RunRecord.js";

/** An `items` row as SQLite returns it: snake_case columns, booleans as 0/1, the path as JSON text. */
export interface ItemRow {
  key: string;
  problem_id: string | null;
  problem: string;
  strategy: string;
  budget: number | null;
  policy: string;
  reference: string | null;
  answer: string | null;
  correct: number | null;
  score: number | null;
  stopped_by: string;
  generated_tokens: number;
  evaluated_tokens: number;
  reward_calls: number;
  nodes: number;
  ms: number;
  non_finite_scores: number;
  distinct_answers: number | null;
  path: string;
  completed_at: string;
}

/** Converts between a RunItem and its row; the spent counters get a column each so SQL can aggregate them. */
export const itemRow = {
  from(item: RunItem): ItemRow {
    return {
      key: item.key,
      problem_id: item.problemId,
      problem: item.problem,
      strategy: item.strategy,
      budget: item.budget,
      policy: item.policy,
      reference: item.reference,
      answer: item.answer,
      correct: item.correct === null ? null : item.correct ? 1 : 0,
      score: item.score,
      stopped_by: item.stoppedBy,
      generated_tokens: item.spent.generatedTokens,
      evaluated_tokens: item.spent.evaluatedTokens,
      reward_calls: item.spent.rewardCalls,
      nodes: item.spent.nodes,
      ms: item.spent.ms,
      non_finite_scores: item.nonFiniteScores,
      distinct_answers: item.distinctAnswers ?? null,
      path: JSON.stringify(item.path),
      completed_at: item.completedAt,
    };
  },
  to(row: ItemRow): RunItem {
    return {
      key: row.key,
      problemId: row.problem_id,
      problem: row.problem,
      strategy: row.strategy,
      budget: row.budget,
      policy: row.policy,
      reference: row.reference,
      answer: row.answer,
      correct: row.correct === null ? null : row.correct === 1,
      score: row.score,
      stoppedBy: row.stopped_by,
      spent: {
        generatedTokens: row.generated_tokens,
        evaluatedTokens: row.evaluated_tokens,
        rewardCalls: row.reward_calls,
        nodes: row.nodes,
        ms: row.ms,
      },
      nonFiniteScores: row.non_finite_scores,
      ...(row.distinct_answers !== null && { distinctAnswers: row.distinct_answers }),
      path: JSON.parse(row.path) as RunItem["path"],
      completedAt: row.completed_at,
    };
  },
};
