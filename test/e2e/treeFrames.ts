import type { Locator, Page } from "playwright-core";

/**
 * The little of the DOM the page-side functions below use: the Node side's tsconfig has no DOM library, and these
 * functions run in the page (serialized), so each casts `globalThis` and its element itself.
 */
interface PageElement {
  dataset: Record<string, string | undefined>;
  querySelector(selector: string): PageElement | null;
  clientWidth: number;
  clientHeight: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  dispatchEvent(event: unknown): boolean;
}
interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  WheelEvent: new (type: string, init: object) => unknown;
  __frames: number[];
  __recording: boolean;
  __last: number;
  __tick: (time: number) => void;
  __draws: number[];
  __drawn: string;
}

/** Percentiles of a list of frame times or latencies, in ms. */
export interface Spread {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

/** The tree's data attributes that describe its last frame (see ThoughtTree.svelte's describeFrame). */
export interface TreeFrame {
  nodeCount: number;
  drawnCount: number;
  frames: number;
  /** Screen x, y of the tree's top-left corner and its width, height (CSS px, in the drawing). */
  treeBox: { x: number; y: number; width: number; height: number };
  /** Nodes of the chosen path on screen: id and position (CSS px, in the drawing). */
  chosen: { id: number; x: number; y: number }[];
  selected: { x: number; y: number } | null;
  /** The drawing's size (CSS px). */
  canvas: { width: number; height: number };
}

export async function readFrame(tree: Locator): Promise<TreeFrame> {
  // Only plain reads run in the page: tsx names a function declared there with a helper the page lacks.
  const raw = await tree.evaluate((node) => {
    const el = node as unknown as PageElement;
    const canvas = el.querySelector('[data-testid="tree-canvas"]') as PageElement;
    return { data: { ...el.dataset }, width: canvas.clientWidth, height: canvas.clientHeight };
  });
  const d = raw.data;
  const numbers = (s: string | undefined) => (s ?? "").split(/[ ,:]/).filter(Boolean).map(Number);
  const [x = 0, y = 0, width = 0, height = 0] = numbers(d.treeBox);
  const point = numbers(d.selectedPoint);
  return {
    nodeCount: Number(d.nodeCount),
    drawnCount: Number(d.drawnCount),
    frames: Number(d.frames),
    treeBox: { x, y, width, height },
    chosen: (d.chosenPoints ?? "")
      .split(" ")
      .filter(Boolean)
      .map((p) => {
        const [id = 0, px = 0, py = 0] = numbers(p);
        return { id, x: px, y: py };
      }),
    selected: point.length === 2 ? { x: point[0] as number, y: point[1] as number } : null,
    canvas: { width: raw.width, height: raw.height },
  };
}

/** Waits until the tree has drawn a frame after frame number `after` (its `data-frames` moves on). */
export async function nextFrame(tree: Locator, after: number): Promise<void> {
  const handle = await tree.elementHandle();
  await tree
    .page()
    .waitForFunction(([el, n]) => Number((el as unknown as PageElement).dataset.frames) > (n as number), [
      handle,
      after,
    ] as const);
}

/**
 * Wheel-zoom latency: from a wheel event sent to the tree's canvas to the end of the second animation frame after
 * it (the first draws it, the second starts once that frame is on screen), for `steps` wheel events in and as many
 * out, in ms.
 */
export async function wheelLatencies(tree: Locator, steps: number): Promise<number[]> {
  return tree.evaluate(async (node, n: number) => {
    const g = globalThis as unknown as PageGlobals;
    const canvas = (node as unknown as PageElement).querySelector('[data-testid="tree-canvas"]') as PageElement;
    const rect = canvas.getBoundingClientRect();
    const out: number[] = [];
    for (let i = 0; i < 2 * n; i++) {
      const t0 = performance.now();
      canvas.dispatchEvent(
        new g.WheelEvent("wheel", {
          deltaY: i < n ? -120 : 120,
          clientX: rect.left + rect.width * 0.4,
          clientY: rect.top + rect.height * 0.5,
          bubbles: true,
          cancelable: true,
        }),
      );
      await new Promise((resolve) => g.requestAnimationFrame(() => g.requestAnimationFrame(resolve)));
      out.push(performance.now() - t0);
    }
    return out;
  }, steps);
}

/** What a gesture measured: gaps between animation frames, and the tree's own drawing time in each frame it drew. */
export interface GestureTimes {
  /** Gaps between consecutive animation frames (ms): 16.7 at 60 Hz when nothing is late. */
  frames: number[];
  /** ThoughtTree's draw time (data-draw-ms) of each frame in which it drew, ms. */
  drawMs: number[];
}

/**
 * Frame times while a person zooms with the wheel and drags the tree about through Chromium's own input
 * (page.mouse): `wheels` wheel notches in, a drag across the panel and back, and the same notches out. The
 * recording starts after one frame and ends with the gesture.
 */
export async function gestureFrameTimes(page: Page, tree: Locator, wheels: number): Promise<GestureTimes> {
  const canvas = tree.getByTestId("tree-canvas");
  const box = await canvas.boundingBox();
  if (!box) throw new Error("The tree's canvas is not on the page.");
  await startRecording(tree);
  const cx = box.x + box.width * 0.4;
  const cy = box.y + box.height * 0.5;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < wheels; i++) await page.mouse.wheel(0, -120);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(cx + i * 12, cy + i * 6);
  for (let i = 20; i >= 0; i--) await page.mouse.move(cx - i * 4, cy - i * 8);
  await page.mouse.up();
  for (let i = 0; i < wheels; i++) await page.mouse.wheel(0, 120);
  return stopRecording(page);
}

/** Starts recording frame gaps and the tree's draw times (see GestureTimes) until stopRecording. */
export async function startRecording(tree: Locator): Promise<void> {
  await tree.evaluate((node) => {
    const w = globalThis as unknown as PageGlobals;
    const el = node as unknown as PageElement;
    w.__frames = [];
    w.__draws = [];
    w.__recording = true;
    w.__last = 0;
    w.__drawn = el.dataset.frames ?? "";
    // A property, not a named constant: tsx would wrap a named function in a helper the page does not have.
    w.__tick = (t: number) => {
      if (w.__last > 0) w.__frames.push(t - w.__last);
      w.__last = t;
      if (el.dataset.frames !== w.__drawn) {
        w.__drawn = el.dataset.frames ?? "";
        w.__draws.push(Number(el.dataset.drawMs));
      }
      if (w.__recording) w.requestAnimationFrame(w.__tick);
    };
    w.requestAnimationFrame(w.__tick);
  });
}

export async function stopRecording(page: Page): Promise<GestureTimes> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as PageGlobals;
    await new Promise((resolve) => w.requestAnimationFrame(resolve));
    w.__recording = false;
    return { frames: w.__frames, drawMs: w.__draws };
  });
}
