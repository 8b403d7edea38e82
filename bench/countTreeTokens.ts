/** A tree node as the count needs it: its id and its parent's (null for the root). */
export interface TreeNodeRef {
  id: number;
  parent: number | null;
  /** Samples merged into the node (ThoughtNode.count); 1 when absent. */
  count?: number;
}

/**
 * Tokens in a search tree, each counted once: the root's prompt, then for every other node the tokens its path
 * adds to its parent's (its step and delimiter). `prefixLength(id)` is the length of the tokens the policy
 * continues from at that node. Samples are counted, not nodes: identical siblings merged into one node
 * (ThoughtNode.count) were each generated, so a node's tokens count `count` times. This is what an engine that
 * never evaluates a token twice would evaluate.
 */
export function countTreeTokens(nodes: readonly TreeNodeRef[], prefixLength: (id: number) => number): number {
  let total = 0;
  for (const node of nodes)
    total +=
      node.parent === null
        ? prefixLength(node.id)
        : (node.count ?? 1) * (prefixLength(node.id) - prefixLength(node.parent));
  return total;
}
