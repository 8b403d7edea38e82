import { pointer, select } from "d3-selection";
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from "d3-zoom";
import {
  centreOn,
  fitView,
  horizontalFloor,
  inView,
  zoomAbout,
  type Bounds,
  type TreeView,
  type ViewBox,
} from "./treeView.js";

/**
 * Where the thought tree's canvas looks: d3-zoom turns wheel, drag and pinch into a vertical scale and a translation;
 * the camera derives the horizontal scale from it (treeView.ts) and keeps the whole view. Plain, not reactive: it
 * changes on every wheel event and only the canvas needs to know, through `onchange`.
 */
export class TreeCamera {
  view: TreeView = { ox: 0, oy: 0, kx: 1, ky: 1 };
  /** Keep the whole tree in view as it grows, until the person zooms or pans themselves. */
  autoFit = true;
  #floor = 1;
  #zoomer: ZoomBehavior<HTMLCanvasElement, unknown> | null = null;
  #canvas: HTMLCanvasElement | null = null;
  #last: ZoomTransform = zoomIdentity;
  #applying = false;

  constructor(
    /** The drawing's current size (CSS px). */
    private readonly box: () => ViewBox,
    /** Called after every change of view: schedule a frame. */
    private readonly onchange: () => void,
  ) {}

  /** Starts listening to `canvas`'s wheel and drag; returns how to stop. Double-click is left to the tree (fold). */
  attach(canvas: HTMLCanvasElement): () => void {
    this.#canvas = canvas;
    this.#zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.005, 8])
      // Our own extent: d3's default measures the element, forcing a reflow.
      .extent(() => {
        const { width, height } = this.box();
        return [
          [0, 0],
          [width, height],
        ];
      })
      .on("zoom", (event: { transform: ZoomTransform; sourceEvent: Event | null }) => this.#zoomed(event));
    select(canvas).call(this.#zoomer).on("dblclick.zoom", null);
    return () => {
      select(canvas).on(".zoom", null);
      this.#canvas = null;
    };
  }

  /** Shows the whole tree of `bounds` (see fitView). */
  fit(bounds: Bounds): void {
    const box = this.box();
    if (box.width === 0 || box.height === 0) return;
    this.#floor = horizontalFloor(bounds, box);
    const fitted = fitView(bounds, box);
    this.#zoomer?.scaleExtent([Math.min(0.05, fitted.ky / 2), 8]);
    this.set(fitted);
  }

  /**
   * The tree grew while the person looks at part of it: depths it added may need a lower horizontal floor, so
   * zooming out still reaches the whole width.
   */
  grew(bounds: Bounds): void {
    this.#floor = Math.min(this.#floor, horizontalFloor(bounds, this.box()));
  }

  /** Brings the world point (wx, wy) on screen, centring it, unless it is on screen already. */
  follow(wx: number, wy: number): void {
    const box = this.box();
    if (inView(this.view, wx, wy, box)) return;
    this.autoFit = false;
    this.set(centreOn(this.view, wx, wy, box));
  }

  /** Centres the world point (wx, wy) (the minimap's click). */
  centre(wx: number, wy: number): void {
    this.autoFit = false;
    this.set(centreOn(this.view, wx, wy, this.box()));
  }

  /** Sets the view, telling d3-zoom so the next gesture starts from it. */
  set(view: TreeView): void {
    this.view = view;
    if (this.#canvas && this.#zoomer) {
      this.#last = zoomIdentity.translate(view.ox, view.oy).scale(view.ky);
      this.#applying = true;
      select(this.#canvas).call(this.#zoomer.transform, this.#last);
      this.#applying = false;
    }
    this.onchange();
  }

  #zoomed(event: { transform: ZoomTransform; sourceEvent: Event | null }): void {
    if (this.#applying || !this.#canvas) return;
    const t = event.transform;
    if (t.k !== this.#last.k) {
      const box = this.box();
      const [px, py] = event.sourceEvent ? pointer(event.sourceEvent, this.#canvas) : [box.width / 2, box.height / 2];
      this.view = { ...zoomAbout(this.view, t.k, this.#floor, px, py), oy: t.y };
    } else this.view = { ...this.view, ox: this.view.ox + (t.x - this.#last.x), oy: t.y };
    this.#last = t;
    // A zoom the person made (wheel, drag) stops the automatic fitting; ours carries no source event.
    if (event.sourceEvent) this.autoFit = false;
    this.onchange();
  }
}
