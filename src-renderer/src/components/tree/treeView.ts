/**
 * Where the tree is on screen: screen x = ox + world x · kx, screen y = oy + world y · ky (CSS pixels, relative to
 * the drawing's top-left corner). The two scales differ when a tall tree is zoomed out: depth keeps filling the
 * panel's width (kx never drops below `kxFloor`) while the rows are squeezed to fit its height. Zoomed in past that
 * point both scales are equal and the tree reads at its tidy layout's proportions.
 */
export interface TreeView {
  ox: number;
  oy: number;
  kx: number;
  ky: number;
}

/** The drawing's size in CSS pixels. */
export interface ViewBox {
  width: number;
  height: number;
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Margins a fitted tree keeps: room for the root on the left and for answer labels on the right. */
export const FIT_PAD = { left: 24, right: 110, top: 16, bottom: 16 };
/** Fit never enlarges a small tree past this scale. */
export const MAX_FIT_SCALE = 1.5;

/**
 * The horizontal scale below which the view does not go: the one that spreads the tree's depths across the
 * panel's width (at most MAX_FIT_SCALE), so a tree of thousands of leaves and a few depths fits as a readable
 * block rather than a thin strip.
 */
export function horizontalFloor(bounds: Bounds, box: ViewBox): number {
  const width = bounds.maxX - bounds.minX;
  const room = Math.max(1, box.width - FIT_PAD.left - FIT_PAD.right);
  return width <= 0 ? MAX_FIT_SCALE : Math.min(MAX_FIT_SCALE, room / width);
}

/** The horizontal scale that goes with vertical scale `ky`. */
export function horizontalScale(ky: number, floor: number): number {
  return Math.max(ky, floor);
}

/**
 * The view that shows the whole tree inside `box`: the rows squeezed to the panel's height, the depths spread to its
 * width (see TreeView). The tree's drawn height is then at most the panel's height less the margins.
 */
export function fitView(bounds: Bounds, box: ViewBox): TreeView {
  const floor = horizontalFloor(bounds, box);
  const height = bounds.maxY - bounds.minY;
  const room = Math.max(1, box.height - FIT_PAD.top - FIT_PAD.bottom);
  const ky = Math.min(MAX_FIT_SCALE, floor, height <= 0 ? MAX_FIT_SCALE : room / height);
  const kx = horizontalScale(ky, floor);
  return {
    ox: FIT_PAD.left - bounds.minX * kx,
    oy: box.height / 2 - ((bounds.minY + bounds.maxY) / 2) * ky,
    kx,
    ky,
  };
}

/**
 * The view after a zoom to vertical scale `ky` about the screen point (px, py): the world point under it stays
 * there in both directions, as a map's zoom keeps the place under the pointer.
 */
export function zoomAbout(view: TreeView, ky: number, floor: number, px: number, py: number): TreeView {
  const kx = horizontalScale(ky, floor);
  const wx = (px - view.ox) / view.kx;
  const wy = (py - view.oy) / view.ky;
  return { ox: px - wx * kx, oy: py - wy * ky, kx, ky };
}

/** The view moved so the world point (wx, wy) sits at the centre of `box`, scales unchanged. */
export function centreOn(view: TreeView, wx: number, wy: number, box: ViewBox): TreeView {
  return { ...view, ox: box.width / 2 - wx * view.kx, oy: box.height / 2 - wy * view.ky };
}

/** True when the world point (wx, wy) is on screen with `margin` CSS pixels to spare. */
export function inView(view: TreeView, wx: number, wy: number, box: ViewBox, margin = 24): boolean {
  const x = view.ox + wx * view.kx;
  const y = view.oy + wy * view.ky;
  return x >= margin && x <= box.width - margin && y >= margin && y <= box.height - margin;
}
