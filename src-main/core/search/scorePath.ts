import { aggregateScores, type Aggregate } from "./aggregateScores.js";
import type { SearchRun } from "./SearchRun.js";

/**
 * PRM-scores the path to a node (one reward call), records each step's score on its node, and returns the
 * aggregate; undefined once the budget has stopped. `lookahead` steps (generated past the node but not kept)
 * are scored with the path and count in the aggregate, which is how lookahead sees further than the node.
 */
export async function scorePath(
  run: SearchRun,
  id: number,
  aggregate: Aggregate,
  lookahead: readonly string[] = [],
): Promise<number | undefined> {
  const path = run.tree.pathTo(id);
  const scores = await run.scoreSteps([...path.map((n) => n.stepText), ...lookahead]);
  if (!scores) return undefined;
  path.forEach((node, i) => {
    const score = scores[i];
    // Steps already scored keep their score (a PRM scores a prefix the same whatever follows it); the node
    // itself always takes this call's score.
    if (score !== undefined && (node.prmScore === null || node.id === id))
      run.tree.setScore(node.id, { prmScore: score });
  });
  return aggregateScores(scores, aggregate);
}
