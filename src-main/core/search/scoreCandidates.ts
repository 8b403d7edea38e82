import type { Aggregate } from "./aggregateScores.js";
import type { Candidate } from "./chooseAnswer.js";
import { lookaheadSteps } from "./lookaheadSteps.js";
import { scorePath } from "./scorePath.js";
import type { SearchRun } from "./SearchRun.js";

/**
 * PRM-scores new nodes one by one (after `lookahead` greedy steps each, when asked), storing each score as
 * the node's value. Returns the candidates scored, in node order: all of them, or those scored before the
 * budget stopped.
 */
export async function scoreCandidates(
  run: SearchRun,
  ids: readonly number[],
  aggregate: Aggregate,
  lookahead: number,
): Promise<Candidate[]> {
  const scored: Candidate[] = [];
  for (const id of ids) {
    const ahead = lookahead > 0 ? await lookaheadSteps(run, id, lookahead) : [];
    const score = await scorePath(run, id, aggregate, ahead);
    if (score === undefined) break;
    run.tree.setScore(id, { value: score });
    scored.push({ leaf: id, answer: run.tree.node(id).answer, score });
  }
  return scored;
}
