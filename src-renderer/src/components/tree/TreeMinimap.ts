import type { TreePalette } from "./drawTree.js";
import type { TreeScene } from "./treeScene.js";
import type { TreeView, ViewBox } from "./treeView.js";
import { MINIMAP } from "./minimapCorner.js";

export { MINIMAP, minimapCorner, type ScreenNode } from "./minimapCorner.js";

/**
 * The whole tree in a corner, with the part on screen framed. The tree is drawn once per layout or rescore into a
 * cached bitmap; a frame only copies it and strokes the frame, so panning costs the same at any tree size.
 */
export class TreeMinimap {
  #base: HTMLCanvasElement | null = null;
  #scene: TreeScene | null = null;
  #palette: TreePalette | null = null;
  /** World → minimap: x = mx + wx · sx, y = my + wy · sy. */
  #map = { mx: 0, my: 0, sx: 1, sy: 1 };

  /**
   * Draws onto `canvas` (sized MINIMAP × pixel ratio): the cached tree, re-rendered only when the scene (node
   * positions, the chosen path) or the palette (a theme switch) changes, not on every score or visit update.
   */
  draw(canvas: HTMLCanvasElement, scene: TreeScene, palette: TreePalette, view: TreeView, box: ViewBox): void {
    const ratio = canvas.width / MINIMAP.width;
    if (scene !== this.#scene || palette !== this.#palette) this.#render(scene, palette, ratio);
    const ctx = canvas.getContext("2d");
    if (!ctx || !this.#base) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(this.#base, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // The screen's corners in world units, then in the minimap's.
    const { mx, my, sx, sy } = this.#map;
    const x0 = mx + (-view.ox / view.kx) * sx;
    const y0 = my + (-view.oy / view.ky) * sy;
    const x1 = mx + ((box.width - view.ox) / view.kx) * sx;
    const y1 = my + ((box.height - view.oy) / view.ky) * sy;
    ctx.strokeStyle = palette.text;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0));
  }

  /** The world point under minimap point (x, y), CSS pixels from its top-left corner. */
  worldAt(x: number, y: number): { wx: number; wy: number } {
    const { mx, my, sx, sy } = this.#map;
    return { wx: (x - mx) / sx, wy: (y - my) / sy };
  }

  #render(scene: TreeScene, palette: TreePalette, ratio: number): void {
    this.#scene = scene;
    this.#palette = palette;
    const base = this.#base ?? document.createElement("canvas");
    this.#base = base;
    base.width = Math.round(MINIMAP.width * ratio);
    base.height = Math.round(MINIMAP.height * ratio);
    const ctx = base.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, MINIMAP.width, MINIMAP.height);
    const { minX, maxX, minY, maxY } = scene.layout.bounds;
    const pad = MINIMAP.pad;
    const sx = (MINIMAP.width - 2 * pad) / Math.max(1, maxX - minX);
    const sy = (MINIMAP.height - 2 * pad) / Math.max(1, maxY - minY);
    this.#map = { mx: pad - minX * sx, my: pad - minY * sy, sx, sy };
    const { mx, my } = this.#map;
    ctx.fillStyle = palette.link;
    for (let i = 0; i < scene.count; i++)
      ctx.fillRect(mx + scene.wx[i]! * sx - 0.5, my + scene.wy[i]! * sy - 0.5, 1, 1);
    // The chosen path over the rest, so it can be found from the overview.
    ctx.beginPath();
    for (let i = 1; i < scene.count; i++) {
      const p = scene.parent[i]!;
      if (p < 0 || !scene.nodes[i]!.chosen || !scene.nodes[p]!.chosen) continue;
      ctx.moveTo(mx + scene.wx[p]! * sx, my + scene.wy[p]! * sy);
      ctx.lineTo(mx + scene.wx[i]! * sx, my + scene.wy[i]! * sy);
    }
    ctx.strokeStyle = palette.accent;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}
