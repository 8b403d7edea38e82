import { hierarchy, tree } from "d3-hierarchy";
import type { ThoughtNode } from "../../../../src-main/api/wireTypes.js";

/** A node placed on the canvas: depth runs left to right (x), siblings top to bottom (y). */
export interface PlacedNode {
  id: number;
  x: number;
  y: number;
  /** Descendants hidden because this node is collapsed; 0 when expanded or a leaf. */
  hidden: number;
  /**
   * Siblings this node stands for when identical siblings are grouped (itself included): 1 alone. The others and
   * their subtrees are left out of the layout and counted in `hidden`.
   */
  group: number;
  /** Samples the node stands for: its own count, or its group's counts summed (see ThoughtNode.count). */
  samples: number;
  /** The visible parent's id; null for the root. */
  parent: number | null;
  /** The visible children's ids, top to bottom. */
  children: number[];
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
  /**
   * Show siblings with the same step text (and both final or both not) as one node: the chosen one, else the
   * first, stands for the group. Off by default.
   */
  groupSiblings?: boolean;
  /** Filled with each grouped-away node's id → the id of the node standing for its group, when given. */
  groupedInto?: Map<number, number>;
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
  const groups = new Map<number, ThoughtNode[]>();
  const childrenOf = (node: ThoughtNode): ThoughtNode[] | undefined => {
    if (collapsed.has(node.id)) return undefined;
    const kids: ThoughtNode[] = [];
    for (const id of node.children) {
      const child = nodes.get(id);
      if (child) kids.push(child);
    }
    return options.groupSiblings ? groupIdentical(kids, groups, options.groupedInto) : kids;
  };
  const laidOut = tree<ThoughtNode>().nodeSize([rowGap, depthGap])(hierarchy(root, childrenOf));

  const placed: PlacedNode[] = [];
  const links: PlacedLink[] = [];
  const bounds = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  laidOut.each((h) => {
    // d3's tree lays out top-down (x across, y down); we turn it sideways so depth reads left to right.
    const x = h.y;
    const y = h.x;
    const members = groups.get(h.data.id);
    let hidden = collapsed.has(h.data.id) ? countDescendants(nodes, h.data) : 0;
    for (const member of members ?? []) if (member !== h.data) hidden += 1 + countDescendants(nodes, member);
    placed.push({
      id: h.data.id,
      x,
      y,
      hidden,
      group: members?.length ?? 1,
      samples: members ? members.reduce((sum, m) => sum + m.count, 0) : h.data.count,
      parent: h.parent?.data.id ?? null,
      children: h.children?.map((c) => c.data.id) ?? [],
    });
    bounds.minX = Math.min(bounds.minX, x);
    bounds.maxX = Math.max(bounds.maxX, x);
    bounds.minY = Math.min(bounds.minY, y);
    bounds.maxY = Math.max(bounds.maxY, y);
    if (h.parent)
      links.push({ source: h.parent.data.id, target: h.data.id, x1: h.parent.y, y1: h.parent.x, x2: x, y2: y });
  });
  return { nodes: placed, links, bounds };
}

/**
 * Siblings in their order, identical ones (same step text, both terminal or both not: core's rule for counting
 * identical samples) kept once. The chosen member stands for its group, so the chosen path stays drawn.
 */
function groupIdentical(
  kids: ThoughtNode[],
  groups: Map<number, ThoughtNode[]>,
  groupedInto: Map<number, number> | undefined,
): ThoughtNode[] {
  const byKey = new Map<string, ThoughtNode[]>();
  for (const kid of kids) {
    const key = `${kid.terminal ? "t" : "s"}${kid.stepText}`;
    const members = byKey.get(key);
    if (members) members.push(kid);
    else byKey.set(key, [kid]);
  }
  if (byKey.size === kids.length) return kids;
  const kept: ThoughtNode[] = [];
  for (const members of byKey.values()) {
    const head = members.find((m) => m.chosen) ?? (members[0] as ThoughtNode);
    kept.push(head);
    if (members.length === 1) continue;
    groups.set(head.id, members);
    for (const member of members) if (member !== head) groupedInto?.set(member.id, head.id);
  }
  // Keep the siblings' original order (the first member's place).
  const order = new Map(kids.map((k, i) => [k.id, i]));
  const place = (n: ThoughtNode) => Math.min(...(groups.get(n.id) ?? [n]).map((m) => order.get(m.id) ?? 0));
  return kept.sort((a, b) => place(a) - place(b));
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
