/**
 * Least time between redraws for a tree of `size` nodes: every frame while small, then growing with the tree
 * (layout and diffing cost grow linearly with it), so a big live tree keeps the main thread mostly free.
 */
export function redrawInterval(size: number): number {
  return size < 300 ? 0 : Math.min(500, size / 6);
}
