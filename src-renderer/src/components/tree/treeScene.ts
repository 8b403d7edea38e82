import type { ThoughtNode } from "../../../../src-main/api/wireTypes.js";
import type { TreeLayout } from "./treeLayout.js";

/**
 * A laid-out tree in flat typed arrays, the form the canvas drawing walks every frame: index i is one drawn node
 * (a group of identical siblings counts once). Built once per layout; scores and visits are read from `nodes`,
 * the model's own objects, which events update in place, so a rescore needs no rebuild.
 */
export interface TreeScene {
  /** Drawn nodes in layout order (parents before children). */
  count: number;
  ids: Int32Array;
  /** World position (the tidy layout's). */
  wx: Float64Array;
  wy: Float64Array;
  /** Index of the drawn parent; -1 for the root. */
  parent: Int32Array;
  /** Siblings the node stands for (1 alone) and descendants left out (folded or grouped away). */
  group: Int32Array;
  hidden: Int32Array;
  /** Samples the node stands for (PlacedNode.samples). */
  samples: Int32Array;
  /** The model's node at each index. */
  nodes: ThoughtNode[];
  /** Drawn index by node id. */
  indexOf: Map<number, number>;
  /** The layout it was built from: visible parents and children for keyboard walking. */
  layout: TreeLayout;
  /** Grouped-away node id → the id standing for its group. */
  groupedInto: ReadonlyMap<number, number>;
  /** Screen positions and radii as of the last frame drawn (CSS px); `drawn` marks those on screen. */
  sx: Float32Array;
  sy: Float32Array;
  radius: Float32Array;
  drawn: Uint8Array;
}

/** Builds the scene of `layout` over the model's `nodes`. */
export function treeScene(
  layout: TreeLayout,
  nodes: ReadonlyMap<number, ThoughtNode>,
  groupedInto: ReadonlyMap<number, number>,
): TreeScene {
  const count = layout.nodes.length;
  const scene: TreeScene = {
    count,
    ids: new Int32Array(count),
    wx: new Float64Array(count),
    wy: new Float64Array(count),
    parent: new Int32Array(count),
    group: new Int32Array(count),
    hidden: new Int32Array(count),
    samples: new Int32Array(count),
    nodes: [],
    indexOf: new Map(),
    layout,
    groupedInto,
    sx: new Float32Array(count),
    sy: new Float32Array(count),
    radius: new Float32Array(count),
    drawn: new Uint8Array(count),
  };
  layout.nodes.forEach((placed, i) => {
    scene.ids[i] = placed.id;
    scene.wx[i] = placed.x;
    scene.wy[i] = placed.y;
    scene.group[i] = placed.group;
    scene.hidden[i] = placed.hidden;
    scene.samples[i] = placed.samples;
    scene.indexOf.set(placed.id, i);
    const node = nodes.get(placed.id);
    if (!node) throw new Error(`The layout places node ${placed.id}, which the tree does not have.`);
    scene.nodes.push(node);
  });
  layout.nodes.forEach((placed, i) => {
    scene.parent[i] = placed.parent === null ? -1 : (scene.indexOf.get(placed.parent) ?? -1);
  });
  return scene;
}

/**
 * The drawn index that shows node `id`: its own, its group's, or (folded or grouped away) its nearest drawn
 * ancestor's; -1 when none (an empty scene).
 */
export function shownIndex(scene: TreeScene, nodes: ReadonlyMap<number, ThoughtNode>, id: number): number {
  for (let at: number | null | undefined = id; at !== null && at !== undefined; at = nodes.get(at)?.parent) {
    const own = scene.indexOf.get(at);
    if (own !== undefined) return own;
    const head = scene.groupedInto.get(at);
    if (head !== undefined) return scene.indexOf.get(head) ?? -1;
  }
  return -1;
}
