import type { CandidateRow, CandidateTable } from "./candidateTable.js";

// Kept apart from candidateTable.ts, which imports the answer checker: the renderer imports these two alone.

/** Whether an MCTS row's answer was reached only by rollouts, so no tree node shows it. */
export function rolloutOnly(row: CandidateRow): boolean {
  return row.answer !== null && row.rollouts !== null && row.rollouts === row.count;
}

/**
 * The headline's score: the winner row's score under the table's name for it, so the answer line and the table
 * never show two numbers for one thing ("mean value 0.742 over 8 visits" for MCTS). Null when the table has no
 * winner or its rule gives none (greedy).
 */
export function winnerScore(table: CandidateTable): { label: string; score: number; visits: number | null } | null {
  const winner = table.rows.find((r) => r.winner);
  if (!winner || winner.score === null || table.scoreLabel === null) return null;
  return { label: table.scoreLabel, score: winner.score, visits: winner.visits };
}

/** winnerScore in words: "mean value 0.742 over 8 visits", "best PRM score (last step) 0.913"; null when none. */
export function winnerScoreText(table: CandidateTable): string | null {
  const won = winnerScore(table);
  if (!won) return null;
  const over = won.visits === null ? "" : ` over ${won.visits} visit${won.visits === 1 ? "" : "s"}`;
  return `${won.label} ${won.score.toFixed(3)}${over}`;
}
