import { AGGREGATES, type Aggregate } from "./aggregateScores.js";
import { chooseAnswer, type Candidate } from "./chooseAnswer.js";
import { countLeaves } from "./countLeaves.js";
import { positiveInteger } from "./positiveInteger.js";
import { oneOf } from "./oneOf.js";
import type { SearchOptions } from "./SearchOptions.js";
import type { SearchResult } from "./SearchResult.js";
import { runStrategy } from "./runStrategy.js";
import { sampleChains } from "./sampleChains.js";
import { scorePath } from "./scorePath.js";

export interface BestOfNOptions extends SearchOptions {
  /** Solutions sampled. Default 8. */
  n?: number | undefined;
  /** `orm`: one `scoreOutcome` per solution. `prm`: one `scoreSteps` per solution, aggregated. Default `prm`. */
  verifier?: "orm" | "prm" | undefined;
  /** How step scores become a solution's score, with the PRM. Default `last`. */
  aggregate?: Aggregate | undefined;
  /** Weighted voting: the answer whose solutions' scores sum highest, instead of the single best. Default false. */
  weighted?: boolean | undefined;
}

/**
 * Best-of-N: sample n solutions, score each with the verifier, return the best one (or, weighted, the answer
 * with the largest score sum). Only solutions that reached an answer are scored: an unanswered one cannot
 * be returned while any answered, so scoring it would spend a reward call for nothing.
 */
export async function bestOfN(options: BestOfNOptions): Promise<SearchResult> {
  const n = positiveInteger(options.n, "n", 8);
  const verifier = oneOf(options.verifier, "verifier", ["orm", "prm"], "prm");
  const aggregate = oneOf(options.aggregate, "aggregate", AGGREGATES, "last");
  return runStrategy("best-of-n", options, true, async (run) => {
    const { tree } = run;
    // Identical solutions share one leaf: it is scored once, and a weighted vote counts it once per sample.
    const leaves = countLeaves(await sampleChains(run, n, run.sampling));
    const scored: Candidate[] = [];
    for (const { leaf, count } of leaves) {
      const answer = tree.node(leaf).answer;
      if (answer === null) continue;
      const score =
        verifier === "orm" ? await run.scoreOutcome(tree.stepTexts(leaf)) : await scorePath(run, leaf, aggregate);
      if (score === undefined) break; // budget stopped: choose among what was scored
      tree.setScore(leaf, { value: score });
      scored.push({ leaf, answer, score, count });
    }
    if (scored.length > 0) return chooseAnswer(scored, options.weighted ? "weighted" : "best");
    // Nothing scored (the budget stopped first): the best guess left is the unverified majority, unscored.
    const unscored = leaves.map(({ leaf, count }) => ({ leaf, count, answer: tree.node(leaf).answer, score: 0 }));
    const fallback = chooseAnswer(unscored, "majority");
    return fallback && { leaf: fallback.leaf, score: null };
  });
}
