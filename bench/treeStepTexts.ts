import type { TreeJson } from "../src-main/core/tree/TreeJson.js";

/** The steps from the root to each node of a saved tree, by node id (the root's is empty). */
export function treeStepTexts(tree: TreeJson): string[][] {
  const paths: string[][] = [];
  // Nodes are in id order with parents first, so each parent's path is ready when its children come.
  for (const node of tree.nodes)
    paths[node.id] = node.parent === null ? [] : [...(paths[node.parent] ?? []), node.stepText];
  return paths;
}
