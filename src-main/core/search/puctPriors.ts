import type { ThoughtNode } from "../tree/ThoughtNode.js";

/**
 * PUCT priors P(s, a) of a node's children: the policy's own probability of each step, normalised over the
 * siblings that were sampled, P_i = count_i · exp(logProb_i) / Σ_j count_j · exp(logProb_j).
 *
 * - A step is an action, so its probability is the product of its tokens' probabilities: exp of the summed
 *   log-probability (not length-normalised: a step's probability is what the policy assigns the whole step, as
 *   AlphaZero's P(s, a) is the network's probability of the whole move; Silver et al. 2017, "Mastering the game
 *   of Go without human knowledge", Methods, "Select"). Normalising over the sampled children restricts the
 *   policy to the actions that exist in the tree (as Sampled MuZero does for sampled actions; Hubert et al. 2021,
 *   §4), so priors sum to 1 whatever the steps' lengths.
 * - A node merged from `count` identical samples (SearchRun.expand) carries the prior mass of the `count`
 *   children it replaces, so merging leaves every prior as it would have been without it.
 * - The largest log-probability is subtracted before exp(), so long steps (sums far below exp's range) still
 *   compare instead of all underflowing to 0.
 * - A log-probability that is not a finite number gives its child no prior mass (it cannot be the policy's
 *   belief); only when no child has a finite one are priors flat (each child's share its count), which is the one
 *   case with nothing to go on.
 *
 * Returns one prior per child, in the order given; empty for no children.
 */
export function puctPriors(children: readonly Pick<ThoughtNode, "logProb" | "count">[]): number[] {
  const finite = children.filter((c) => Number.isFinite(c.logProb)).map((c) => c.logProb);
  const top = finite.length > 0 ? Math.max(...finite) : undefined;
  const weights = children.map((c) =>
    top === undefined ? c.count : Number.isFinite(c.logProb) ? c.count * Math.exp(c.logProb - top) : 0,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
