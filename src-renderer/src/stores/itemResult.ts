import type { RunItem, SearchResult, StrategyName, TreeJson } from "../../../src-main/api/wireTypes.js";

/**
 * The node ids of a saved item's chosen path, found in its saved tree: from the root, each step is the child whose
 * text is the step's (the chosen one first, when identical texts were kept apart). A step the tree does not hold
 * (an MCTS rollout's, or a step past a tree cut short) and every step after it get null.
 */
export function pathNodeIds(path: readonly { text: string }[], tree: TreeJson | undefined): (number | null)[] {
  const ids: (number | null)[] = [];
  let at = tree?.nodes[0];
  for (const step of path) {
    const children = at ? at.children.map((id) => tree?.nodes[id]).filter((n) => n !== undefined) : [];
    const matching = children.filter((n) => n.stepText === step.text);
    at = matching.find((n) => n.chosen) ?? matching[0];
    ids.push(at?.id ?? null);
  }
  return ids;
}

/**
 * A saved item as the answer panel shows a live result: its answer, score, stop reason and chosen path (linked to
 * the saved tree's nodes where found). What the store does not keep per item (the sampling, the scorer's own
 * accounting, why the last step's text ended) is left empty, not guessed: the panel does not show those.
 */
export function itemResult(item: RunItem, tree: TreeJson | undefined, seed: number): SearchResult {
  const ids = pathNodeIds(item.path, tree);
  return {
    strategy: item.strategy as StrategyName,
    seed,
    sampling: {},
    answer: item.answer,
    score: item.score,
    path: item.path.map((step, i) => ({ nodeId: ids[i] ?? null, text: step.text, score: step.score })),
    finishReason: null,
    spent: item.spent,
    stoppedBy: item.stoppedBy as SearchResult["stoppedBy"],
    reward: null,
    nonFiniteScores: item.nonFiniteScores,
    ...(item.candidates && { candidates: item.candidates }),
    tree: tree ?? { format: "mull-thought-tree", version: 1, nodes: [] },
  };
}
