import type { AnnotationView, HardLabel } from "../../../src-main/api/wireTypes.js";

/** One step's label as the tree draws it over its node. */
export interface NodeLabel {
  soft: number | null;
  hard: HardLabel;
  rollouts: number;
}

/**
 * Each annotated tree node's label, by node id: every solution's steps that have a node; where paths share a node
 * (a common prefix), the chosen path's (solution 0) label wins. Empty without an annotation.
 */
export function nodeLabels(annotation: AnnotationView | null): ReadonlyMap<number, NodeLabel> {
  const labels = new Map<number, NodeLabel>();
  if (!annotation) return labels;
  for (let s = annotation.solutions.length - 1; s >= 0; s--) {
    const solution = annotation.solutions[s];
    const ids = annotation.nodeIds[s] ?? [];
    solution?.steps.forEach((_, i) => {
      const id = ids[i];
      if (id === null || id === undefined) return;
      labels.set(id, {
        soft: solution.soft[i] ?? null,
        hard: solution.hard[i] ?? null,
        rollouts: solution.rolloutsPerStep[i] ?? 0,
      });
    });
  }
  return labels;
}
