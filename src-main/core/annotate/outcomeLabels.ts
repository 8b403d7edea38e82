import { answersMatch } from "../domain/answerChecker.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { zeroAnnotationCost, type AnnotatedSolution, type HardLabel } from "./AnnotatedSolution.js";

/** What a tree's finished leaves say about one node (outcomeValues). */
export interface OutcomeValue {
  /**
   * Finished samples below the node (itself included when it is a finished leaf): terminal nodes weighted by their
   * `count`, since a node stands for every identical sample merged into it.
   */
  finished: number;
  /** Of those, the ones whose answer matches the reference (answersMatch). */
  reached: number;
  /** reached ÷ finished, in [0, 1]; null when no finished sample lies below the node. */
  soft: number | null;
}

/**
 * For every node of a finished tree (indexed by id), the fraction of the finished leaves below it whose answer is
 * the reference: the tree's own samples read as Math-Shepherd's completions (Wang et al. 2024, §3.3, where the
 * completions from step i are fresh rollouts; here they are the paths search happened to finish under step i, so
 * the estimate leans to the branches search favoured). A terminal node with no answer (the model stopped, or was
 * cut) counts as finished and wrong. Leaves search left unfinished (pruned, or out of budget) count for nothing.
 * Pure: no model runs.
 */
export function outcomeValues(tree: TreeJson, reference: string): OutcomeValue[] {
  const values: OutcomeValue[] = tree.nodes.map(() => ({ finished: 0, reached: 0, soft: null }));
  for (const node of tree.nodes) {
    if (!node.terminal) continue;
    const weight = Math.max(1, node.count);
    const right = node.answer !== null && answersMatch(node.answer, reference) ? weight : 0;
    // Up the parent chain to the root: every ancestor has this sample below it.
    for (let at: number | null = node.id; at !== null; at = tree.nodes[at]?.parent ?? null) {
      const v = values[at];
      if (!v) break;
      v.finished += weight;
      v.reached += right;
    }
  }
  for (const v of values) v.soft = v.finished > 0 ? v.reached / v.finished : null;
  return values;
}

/**
 * Every finished path of a tree (root to a terminal node) as an AnnotatedSolution labelled by outcomeValues: soft =
 * the fraction of finished samples below each step that reach the reference, hard = whether any does,
 * rolloutsPerStep = how many finished samples that fraction rests on. Method `tree` (labels read off a tree); the
 * cost is zero, since no completion is drawn beyond the search's own. Paths in node order.
 *
 * @param problemId the solution's problem id (`run-<id>/<key>` for a saved run's item)
 */
export function labelsFromOutcomes(
  tree: TreeJson,
  problemId: string,
  problem: string,
  reference: string,
): AnnotatedSolution[] {
  const values = outcomeValues(tree, reference);
  const solutions: AnnotatedSolution[] = [];
  for (const leaf of tree.nodes) {
    if (!leaf.terminal || leaf.parent === null) continue;
    const path: number[] = [];
    for (let at: number | null = leaf.id; at !== null && at !== 0; at = tree.nodes[at]?.parent ?? null)
      path.unshift(at);
    const soft = path.map((id) => values[id]?.soft ?? null);
    const hard = soft.map((s): HardLabel => (s === null ? null : s > 0 ? 1 : 0));
    const firstError = hard.indexOf(0);
    solutions.push({
      problemId,
      problem,
      reference,
      steps: path.map((id) => tree.nodes[id]?.stepText ?? ""),
      answer: leaf.answer,
      correct: leaf.answer !== null && answersMatch(leaf.answer, reference),
      method: "tree",
      soft,
      hard,
      rolloutsPerStep: path.map((id) => values[id]?.finished ?? 0),
      firstError: firstError < 0 ? null : firstError,
      cost: zeroAnnotationCost(),
    });
  }
  return solutions;
}
