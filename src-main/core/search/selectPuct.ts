import type { ThoughtTree } from "../tree/ThoughtTree.js";
import { puctPriors } from "./puctPriors.js";

/**
 * The child PUCT selection picks: the highest Q + c_puct · P · √N_parent / (1 + N_child), ties to the earlier
 * child (AlphaZero's PUCT; Silver et al. 2017, Methods, "Select"). P is the policy's own belief in the step,
 * count · exp(logProb) normalised over the siblings (see puctPriors). An unvisited child's Q is its parent's mean
 * value ("first play urgency" at the parent's level): with 0 instead, a parent whose children all look good would
 * never try a new one, and with 1 it would try every one before revisiting any. √N_parent is at least 1 so that
 * priors already decide among the children of a node that has not been visited yet. Undefined for a leaf.
 */
export function selectPuct(tree: ThoughtTree, parentId: number, cPuct: number): number | undefined {
  const parent = tree.node(parentId);
  const children = tree.children(parentId);
  if (children.length === 0) return undefined;
  const priors = puctPriors(children);
  const sqrtN = Math.sqrt(Math.max(1, parent.visits));
  let best: number | undefined;
  let bestScore = -Infinity;
  children.forEach((child, i) => {
    const q = child.visits > 0 ? (child.value ?? 0) : (parent.value ?? 0);
    const score = q + (cPuct * (priors[i] ?? 0) * sqrtN) / (1 + child.visits);
    if (best === undefined || score > bestScore) [best, bestScore] = [child.id, score];
  });
  return best;
}
