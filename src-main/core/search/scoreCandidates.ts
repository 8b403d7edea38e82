import type { Aggregate } from "./aggregateScores.js";
import type { Candidate } from "./chooseAnswer.js";
import { lookaheadSteps } from "./lookaheadSteps.js";
import { scorePath } from "./scorePath.js";
import type { SearchRun } from "./SearchRun.js";

/**
 * PRM-scores new nodes one by one (after `lookahead` greedy steps each, when asked), storing each score as
 * the node's value. Returns the candidates scored, in node order: all of them, or those scored before the
 * budget stopped. Each carries its node's count (the identical samples merged into it). An id given twice is
 * scored once.
 */
export async function scoreCandidates(
  run: SearchRun,
  ids: readonly number[],
  aggregate: Aggregate,
  lookahead: number,
): Promise<Candidate[]> {
  const scored: Candidate[] = [];
  for (const id of new Set(ids)) {
    const ahead = lookahead > 0 ? await lookaheadSteps(run, id, lookahead) : [];
    const score = await scorePath(run, id, aggregate, ahead);
    if (score === undefined) break;
    run.tree.setScore(id, { value: score });
    scored.push({ leaf: id, answer: run.tree.node(id).answer, score, count: run.tree.node(id).count });
  }
  return scored;
}
