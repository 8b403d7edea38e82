import { AGGREGATES, type Aggregate } from "./aggregateScores.js";
import { finiteScore } from "./finiteScore.js";
import { mctsAnswer, type Rollout } from "./mctsAnswer.js";
import { oneOf } from "./oneOf.js";
import { positiveInteger } from "./positiveInteger.js";
import { SearchOptionError } from "./SearchOptionError.js";
import type { SearchOptions } from "./SearchOptions.js";
import type { SearchResult } from "./SearchResult.js";
import type { SearchRun } from "./SearchRun.js";
import { runStrategy } from "./runStrategy.js";
import { scorePath } from "./scorePath.js";
import { selectPuct } from "./selectPuct.js";

export interface MctsOptions extends SearchOptions {
  /** Rounds of selection, expansion, evaluation and backup. Default 32. */
  iterations?: number | undefined;
  /** Exploration weight c_puct: larger trusts the policy's priors longer over measured values. Default 1. */
  cPuct?: number | undefined;
  /** Children generated when a node is expanded. Default 4. */
  width?: number | undefined;
  /**
   * How a new leaf is valued: `prm`, its aggregated PRM score (one `scoreSteps`); `rollout`, the policy
   * continues it to an answer and `scoreOutcome` judges the whole solution (with an AnswerCheckerScorer, the
   * answer check). Default `prm`.
   */
  value?: "prm" | "rollout" | undefined;
  /** How step scores become a leaf's value with the PRM. Default `last`. */
  aggregate?: Aggregate | undefined;
}

/**
 * Monte Carlo tree search over steps. Each round descends by PUCT to a leaf; a leaf never valued is valued; a
 * valued one is expanded into `width` children and the child with the highest prior is valued; a finished
 * leaf (an answer, or the depth limit) gives its value again. The value is backed up to the root: visits
 * count rounds, values are running means. The answer follows the most visited children (see mctsAnswer); a path
 * that has not reached an answer when the rounds run out is finished by one greedy rollout.
 */
export async function mcts(options: MctsOptions): Promise<SearchResult> {
  const iterations = positiveInteger(options.iterations, "iterations", 32);
  const width = positiveInteger(options.width, "width", 4);
  const cPuct = options.cPuct ?? 1;
  if (!(Number.isFinite(cPuct) && cPuct >= 0)) throw new SearchOptionError("cPuct", `must be ≥ 0, got ${cPuct}`);
  const value = oneOf(options.value, "value", ["prm", "rollout"], "prm");
  const aggregate = oneOf(options.aggregate, "aggregate", AGGREGATES, "last");
  return runStrategy("mcts", options, true, async (run) => {
    const { tree } = run;
    const rollouts = new Map<number, Rollout>();
    const evaluate = async (id: number): Promise<number | undefined> => {
      if (value === "prm") return scorePath(run, id, aggregate);
      // A finished leaf, or one at the depth limit (no step may follow it), is judged as it stands.
      if (tree.node(id).terminal || tree.node(id).depth >= run.maxDepth) return run.scoreOutcome(tree.stepTexts(id));
      const rollout = await run.rollout(id);
      if (!rollout) return undefined;
      const steps = run.splitSteps(rollout.text);
      rollouts.set(id, { steps, answer: rollout.answer ?? null });
      return run.scoreOutcome([...tree.stepTexts(id), ...steps]);
    };
    for (let round = 0; round < iterations && !run.budget.stopped; round++) {
      const leaf = descend(run, cPuct);
      const node = tree.node(leaf);
      let target = leaf;
      let v: number | undefined;
      if (leaf !== 0 && node.visits === 0) v = await evaluate(leaf);
      else if (node.terminal || node.depth >= run.maxDepth) v = node.value ?? 0;
      else {
        await run.expand([leaf], width);
        const child = selectPuct(tree, leaf, cPuct);
        if (child === undefined) break; // nothing generated: the budget stopped, or the policy had nothing
        run.select(child);
        target = child;
        v = await evaluate(child);
      }
      if (v === undefined) break;
      // A non-finite value is backed up as 0, the worst a scorer can give (finiteScore): as NaN it would make every
      // mean on the path NaN, PUCT would then find no child to choose, and the search would end after one round.
      tree.backpropagate(target, finiteScore.weight(v));
    }
    // Rollout answers are not tree nodes: the candidates table learns them from the pool.
    const pool = [...rollouts].flatMap(([leaf, r]) =>
      r.answer === null ? [] : [{ leaf, answer: r.answer, score: tree.node(leaf).value ?? 0, count: 1 }],
    );
    const chosen = mctsAnswer(tree, rollouts);
    if (!chosen || chosen.answer != null || tree.node(chosen.leaf).answer !== null)
      return chosen && { ...chosen, pool };
    // The rounds ran out before the most visited path reached an answer (PRM values never roll out): finish that
    // path greedily, charged to the budget like any call, rather than return a solution without an answer. The
    // rollout writes no more steps than the depth limit leaves (none from a leaf at the limit).
    const finish = await run.rollout(chosen.leaf, { ...run.sampling, temperature: 0 });
    if (!finish?.answer) return { ...chosen, pool };
    const leafValue = tree.node(chosen.leaf).value ?? 0;
    pool.push({ leaf: chosen.leaf, answer: finish.answer, score: leafValue, count: 1 });
    return { ...chosen, tail: run.splitSteps(finish.text), answer: finish.answer, pool };
  });
}

/** Selection: from the root, the PUCT choice at every level down to a node without children. */
function descend(run: SearchRun, cPuct: number): number {
  let id = 0;
  for (let next = selectPuct(run.tree, id, cPuct); next !== undefined; next = selectPuct(run.tree, id, cPuct)) {
    id = next;
    run.select(id);
  }
  return id;
}
