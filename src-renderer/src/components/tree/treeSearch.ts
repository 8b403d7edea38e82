import type { ThoughtNode } from "../../../../src-main/api/wireTypes.js";
import { shownIndex, type TreeScene } from "./treeScene.js";

/** What a search of the tree found. */
export interface TreeSearchResult {
  /** 1 at each drawn index that shows a matching node (itself, its group, or the fold hiding it). */
  marks: Uint8Array;
  /** Matching nodes, in id order. */
  ids: number[];
}

/**
 * Nodes whose step text or answer contains `query` (case-insensitive, surrounding spaces ignored); null for a
 * blank query, which dims nothing.
 */
export function searchTree(
  scene: TreeScene,
  nodes: ReadonlyMap<number, ThoughtNode>,
  query: string,
): TreeSearchResult | null {
  const needle = query.trim().toLowerCase();
  if (needle === "") return null;
  const marks = new Uint8Array(scene.count);
  const ids: number[] = [];
  for (const node of nodes.values()) {
    if (node.id === 0) continue; // the root stands for the problem and has no text of its own
    const hit = node.stepText.toLowerCase().includes(needle) || (node.answer?.toLowerCase().includes(needle) ?? false);
    if (!hit) continue;
    ids.push(node.id);
    const at = shownIndex(scene, nodes, node.id);
    if (at >= 0) marks[at] = 1;
  }
  ids.sort((a, b) => a - b);
  return { marks, ids };
}
