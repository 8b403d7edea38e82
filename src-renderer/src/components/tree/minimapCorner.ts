/** The minimap's size, and its distance from the drawing's bottom and side (`inset`), in CSS pixels. */
export const MINIMAP = { width: 112, height: 72, pad: 4, inset: 6 };

/** A drawn node on screen: its centre and radius, CSS px in a drawing of `box`'s size. */
export interface ScreenNode {
  x: number;
  y: number;
  r: number;
}

/**
 * The bottom corner the minimap goes in: right, unless a node the person is looking at (the selection, the node
 * under the pointer) lies under it there (its disc plus a label's first 8 px), then left, so it is never hidden.
 */
export function minimapCorner(
  nodes: readonly (ScreenNode | null)[],
  box: { width: number; height: number },
): "left" | "right" {
  const x0 = box.width - MINIMAP.inset - MINIMAP.width;
  const y0 = box.height - MINIMAP.inset - MINIMAP.height;
  const under = (n: ScreenNode | null) =>
    n !== null && n.x + n.r + 8 >= x0 && n.x - n.r - 8 <= x0 + MINIMAP.width && n.y + n.r + 8 >= y0;
  return nodes.some(under) ? "left" : "right";
}
