import type { AnnotationView } from "../api/annotation.js";
import type { AnnotatedSolution } from "../core/annotate/AnnotatedSolution.js";
import type { SavedAnnotation } from "../core/store/RunStore.js";
import type { TreeJson } from "../core/tree/TreeJson.js";

/**
 * The tree node holding each step of `steps`, found by walking from the root through the child whose text is that
 * step (the chosen one first, where identical texts were kept apart, as the renderer's pathNodeIds); null from the
 * first step the tree lacks (an MCTS rollout's steps, which are not tree nodes) on, and for every step without a tree.
 */
export function stepNodeIds(tree: TreeJson | undefined, steps: readonly string[]): (number | null)[] {
  const ids: (number | null)[] = [];
  let at = tree?.nodes[0];
  for (const step of steps) {
    const matching = (at?.children ?? []).map((id) => tree?.nodes[id]).filter((n) => n?.stepText === step);
    const next = matching.find((n) => n?.chosen) ?? matching[0];
    ids.push(next?.id ?? null);
    at = next;
  }
  return ids;
}

/** An item's annotation as the Solve view draws it: its solutions with the tree node of each step. */
export function annotationView(
  saved: Pick<SavedAnnotation, "key" | "method" | "created"> & { solutions: readonly AnnotatedSolution[] },
  tree: TreeJson | undefined,
): AnnotationView {
  return {
    key: saved.key,
    method: saved.method,
    created: saved.created,
    solutions: [...saved.solutions],
    nodeIds: saved.solutions.map((s) => stepNodeIds(tree, s.steps)),
  };
}
