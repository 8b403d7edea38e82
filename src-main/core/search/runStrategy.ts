import { ScoreCost } from "../reward/ScoreCost.js";
import type { Candidate } from "./chooseAnswer.js";
import { finiteScore } from "./finiteScore.js";
import type { SearchOptions } from "./SearchOptions.js";
import type { PathStep, SearchResult } from "./SearchResult.js";
import { SearchRun } from "./SearchRun.js";
import type { StrategyName } from "./StrategyName.js";

/** What a strategy settles on. */
export interface Chosen {
  /** The tree node whose path is the solution. */
  leaf: number;
  /** The score it was chosen by. */
  score: number | null;
  /** Steps after the leaf that are not tree nodes (an MCTS rollout's continuation). */
  tail?: readonly string[];
  /** The answer, when it is not the leaf's own (a rollout's). */
  answer?: string | null;
  /** The candidates chosen among, when the tree alone does not say (SearchResult.pool). */
  pool?: readonly Candidate[];
}

/**
 * The frame every strategy runs in: sets up the run (validating the common options and the budget), runs the
 * strategy's body, and builds the result from whatever the body chose, also when the budget or the caller's
 * signal cut it short. The body returns its best so far in every case; undefined when it has nothing.
 */
export async function runStrategy(
  strategy: StrategyName,
  options: SearchOptions,
  needsScorer: boolean,
  body: (run: SearchRun) => Promise<Chosen | undefined>,
): Promise<SearchResult> {
  const run = new SearchRun(options, needsScorer);
  const before = run.scorer?.accounting;
  try {
    const chosen = await body(run);
    const { tree } = run;
    let path: PathStep[] = [];
    let ids = [0];
    if (chosen) {
      ids = tree.markChosen(chosen.leaf);
      path = tree.pathTo(chosen.leaf).map((n) => ({ nodeId: n.id, text: n.stepText, score: n.prmScore }));
      path.push(...(chosen.tail ?? []).map((text) => ({ nodeId: null, text, score: null })));
    }
    const answer = chosen ? (chosen.answer !== undefined ? chosen.answer : tree.node(chosen.leaf).answer) : null;
    // A tail is an MCTS rollout's continuation, which is only kept when it reached an answer.
    const finishReason = !chosen
      ? null
      : chosen.tail?.length
        ? "answer"
        : (tree.node(chosen.leaf).finishReason ?? null);
    const stoppedBy = run.budget.stoppedBy ?? "complete";
    run.emit({ type: "done", stoppedBy, answer, chosen: ids });
    return {
      strategy,
      seed: run.seed,
      sampling: strategy === "greedy" ? { temperature: 0 } : run.sampling,
      answer,
      score: finiteScore.orNull(chosen?.score ?? null),
      path,
      finishReason,
      spent: run.budget.spent(),
      stoppedBy,
      reward: before && run.scorer ? costSince(before, run.scorer.accounting) : null,
      nonFiniteScores: run.nonFiniteScores,
      ...(chosen?.pool && {
        pool: chosen.pool.map((c) => ({
          leaf: c.leaf,
          answer: c.answer,
          score: finiteScore.orNull(c.score),
          count: c.count ?? 1,
        })),
      }),
      tree: tree.toJSON(),
    };
  } finally {
    run.budget.close();
  }
}

/** The scorer's spending over this search: its totals now less its totals at the start, field by field. */
function costSince(before: ScoreCost, after: ScoreCost): ScoreCost {
  const delta = ScoreCost.zero();
  // Keys of `after`, not of the zero: fields the reward side adds later are carried through too.
  for (const key of Object.keys(after) as (keyof ScoreCost)[]) delta[key] = after[key] - (before[key] ?? 0);
  return delta;
}
