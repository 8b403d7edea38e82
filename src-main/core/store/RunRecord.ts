import type { Spent } from "../search/BudgetCaps.js";
import type { CandidateTable } from "../search/candidateTable.js";

/**
 * What produced a run: one `solve`, a `compare` of policies on one problem, a `sweep` over a problem set, a `read`
 * of a long document into a structured memory (PRISM), a `chat` turn, or a `prove` of a logic question (Proof of
 * Thought).
 */
export type RunKind = "solve" | "compare" | "sweep" | "read" | "chat" | "prove";

/**
 * `running` while its process works on it (shown as `interrupted` once that process is gone without finishing),
 * `done`, `cancelled` by the user (Ctrl-C), or `failed` with an error line.
 */
export type RunStatus = "running" | "interrupted" | "done" | "cancelled" | "failed";

/** One run as the store keeps it. `config` is the JSON the command ran with, so a run can be repeated. */
export interface RunRecord {
  id: number;
  kind: RunKind;
  status: RunStatus;
  /** ISO 8601, UTC. */
  createdAt: string;
  finishedAt: string | null;
  /** A sweep's output folder (absolute): rerunning into it resumes this run. */
  outDir: string | null;
  config: unknown;
  /** The one-line error of a failed run. */
  error: string | null;
  /** Items completed so far. */
  items: number;
  /** The name a person gave the run (renameRun); null when it has none. */
  name: string | null;
}

/** One completed unit of work: a problem solved by one strategy at one budget on one policy. */
export interface RunItem {
  /** Unique within the run; a resumed sweep skips the keys it already has. */
  key: string;
  /** The problem's id in its set; null for a problem typed at the command line. */
  problemId: string | null;
  problem: string;
  strategy: string;
  /** The sweep budget b (see strategyBudget); null where the budget does not apply (greedy, solve, compare). */
  budget: number | null;
  /** The policy's display name (its profile's file name without `.profile.json`). */
  policy: string;
  /** The reference answer, when known. */
  reference: string | null;
  answer: string | null;
  /** Whether `answer` matches `reference` numerically; null without a reference. */
  correct: boolean | null;
  /** The score the strategy chose its answer by. */
  score: number | null;
  stoppedBy: string;
  spent: Spent;
  /**
   * Different answers the search's tree reached (see distinctAnswers): sample diversity, e.g. 1 when all of
   * self-consistency's samples agree. Absent on items saved before it was recorded.
   */
  distinctAnswers?: number;
  /** Reward scores that were not finite numbers (SearchResult.nonFiniteScores); 0 in items saved before it was kept. */
  nonFiniteScores: number;
  /** The chosen path: each step's text and PRM score. */
  path: { text: string; score: number | null }[];
  /**
   * Every distinct answer the search reached, with counts and scores under its rule (candidateTable). Absent on
   * items saved before it was kept, and on sweep items: itemCandidates computes it from the tree on load.
   */
  candidates?: CandidateTable;
  /** ISO 8601, UTC: when the item finished. A resumed sweep keeps the original time of every item it skips. */
  completedAt: string;
}
