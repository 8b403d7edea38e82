import type { Sampling } from "../policy/Sampling.js";
import type { FinishReason } from "../policy/Policy.js";
import type { ScoreCost } from "../reward/ScoreCost.js";
import type { TreeJson } from "../tree/TreeJson.js";
import type { CandidateTable } from "./candidateTable.js";
import type { Spent, StopReason } from "./BudgetCaps.js";
import type { StrategyName } from "./StrategyName.js";

/** One step of the chosen solution. */
export interface PathStep {
  /** The tree node holding the step; null for steps of an MCTS rollout, which are not tree nodes. */
  nodeId: number | null;
  text: string;
  /** The step's PRM score; null when the strategy did not score steps. */
  score: number | null;
}

/** What every strategy returns: plain JSON, so it can be saved or sent as it is. */
export interface SearchResult {
  strategy: StrategyName;
  seed: number;
  /** What the policy sampled with: every setting explicit (greedy: temperature 0 alone). */
  sampling: Sampling;
  /** The chosen answer; null when no path reached one (or the search stopped before any did). */
  answer: string | null;
  /** The score the strategy chose the answer by (a vote share, a verifier score, a mean value); null if none. */
  score: number | null;
  /** The chosen solution, first step first. */
  path: PathStep[];
  /**
   * Why the chosen solution's text ended: `answer` normally; `length` when the policy was cut at its step limit or
   * at the end of its context (the text is unfinished), `eos` when the model stopped without an answer. Null
   * without a chosen path, or for a tree saved before finish reasons were recorded.
   */
  finishReason: FinishReason | null;
  /** What the search spent in every budget counter. */
  spent: Spent;
  /** The first cap reached, "cancelled", or "complete" when the strategy ran to its end. */
  stoppedBy: StopReason;
  /** The scorer's own accounting over this search (its tokens, cache hits, time); null without a scorer. */
  reward: ScoreCost | null;
  /**
   * Scores the scorer returned that were not finite numbers (NaN, ±Infinity), step and outcome scores alike; 0
   * when it behaved. Each ranked below every finite score and counted 0 in sums and means (see finiteScore), so
   * none decided the answer; a count above 0 means the reward model failed on some inputs.
   */
  nonFiniteScores: number;
  /**
   * The candidates the strategy chose its answer among, where the tree alone does not say which they were: beam
   * search's finished beams (every scored candidate when none finished), DVTS's final node of each subtree, MCTS's
   * rollout answers (which are not tree nodes). Absent for greedy, self-consistency and best-of-N, whose samples'
   * ends the tree records, and in results saved before it was kept. Read by candidateTable.
   */
  pool?: PoolCandidate[];
  /**
   * Why this answer: every distinct answer with its count and score under the strategy's rule (candidateTable).
   * Added where the settings and the reference are known (the app's search job, for the UI and the CLI alike);
   * absent on a bare strategy's result.
   */
  candidates?: CandidateTable;
  tree: TreeJson;
}

/** One candidate of SearchResult.pool: the node it ends on, its answer, its score (null if none usable), its votes. */
export interface PoolCandidate {
  leaf: number;
  /** The answer: the node's own, or (MCTS) the answer its rollout reached. */
  answer: string | null;
  score: number | null;
  /** Samples or subtrees it stands for, as chooseAnswer counted it. */
  count: number;
}
