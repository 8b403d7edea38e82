import { hierarchy, tree } from "d3-hierarchy";
import type { ThoughtNode } from "../../../../src-main/api/wireTypes.js";

/** A node placed on the canvas: depth runs left to right (x), siblings top to bottom (y). */
export interface PlacedNode {
  id: number;
  x: number;
  y: number;
  /** Descendants hidden because this node is collapsed; 0 when expanded or a leaf. */
  hidden: number;
}

export interface PlacedLink {
  source: number;
  target: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  /** Bounding box of the node centres. */
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
}

export interface LayoutOptions {
  /** Horizontal distance between depths. Default 120. */
  depthGap?: number;
  /** Vertical distance between neighbouring leaves. Default 22. */
  rowGap?: number;
}

const EMPTY: TreeLayout = { nodes: [], links: [], bounds: { minX: 0, maxX: 0, minY: 0, maxY: 0 } };

/**
 * A tidy tree (Reingold–Tilford, d3-hierarchy) of the visible nodes: the children of a collapsed node are left
 * out and counted instead. Linear in the number of visible nodes, so it can run once per animation frame.
 */
export function treeLayout(
  nodes: ReadonlyMap<number, ThoughtNode>,
  collapsed: ReadonlySet<number>,
  options: LayoutOptions = {},
): TreeLayout {
  const root = nodes.get(0);
  if (!root) return EMPTY;
  const depthGap = options.depthGap ?? 120;
  const rowGap = options.rowGap ?? 22;
  const childrenOf = (node: ThoughtNode): ThoughtNode[] | undefined => {
    if (collapsed.has(node.id)) return undefined;
    const kids: ThoughtNode[] = [];
    for (const id of node.children) {
      const child = nodes.get(id);
      if (child) kids.push(child);
    }
    return kids;
  };
  const laidOut = tree<ThoughtNode>().nodeSize([rowGap, depthGap])(hierarchy(root, childrenOf));

  const placed: PlacedNode[] = [];
  const links: PlacedLink[] = [];
  const bounds = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  laidOut.each((h) => {
    // d3's tree lays out top-down (x across, y down); we turn it sideways so depth reads left to right.
    const x = h.y;
    const y = h.x;
    const hidden = collapsed.has(h.data.id) ? countDescendants(nodes, h.data) : 0;
    placed.push({ id: h.data.id, x, y, hidden });
    bounds.minX = Math.min(bounds.minX, x);
    bounds.maxX = Math.max(bounds.maxX, x);
    bounds.minY = Math.min(bounds.minY, y);
    bounds.maxY = Math.max(bounds.maxY, y);
    if (h.parent)
      links.push({ source: h.parent.data.id, target: h.data.id, x1: h.parent.y, y1: h.parent.x, x2: x, y2: y });
  });
  return { nodes: placed, links, bounds };
}

function countDescendants(nodes: ReadonlyMap<number, ThoughtNode>, node: ThoughtNode): number {
  let count = 0;
  const stack = [...node.children];
  while (stack.length > 0) {
    const child = nodes.get(stack.pop() as number);
    if (!child) continue;
    count++;
    stack.push(...child.children);
  }
  return count;
}

/**
 * Spreads the depths apart so the tree's shape matches the view's (`aspect` = width / height): a shallow tree
 * with hundreds of leaves would otherwise fit as a thin strip. Only ever widens, at most `maxStretch` times.
 */
export function stretchToAspect(layout: TreeLayout, aspect: number, maxStretch = 20): TreeLayout {
  const { minX, maxX, minY, maxY } = layout.bounds;
  const width = maxX - minX;
  if (width <= 0 || !(aspect > 0)) return layout;
  const stretch = Math.min(maxStretch, Math.max(1, ((maxY - minY) * aspect) / width));
  if (stretch === 1) return layout;
  const sx = (x: number) => minX + (x - minX) * stretch;
  return {
    nodes: layout.nodes.map((n) => ({ ...n, x: sx(n.x) })),
    links: layout.links.map((l) => ({ ...l, x1: sx(l.x1), x2: sx(l.x2) })),
    bounds: { minX, maxX: sx(maxX), minY, maxY },
  };
}
