import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSyntheticRun, syntheticTree } from "../../bench/syntheticTree.js";
import { launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { openSavedRun } from "./openSavedRun.js";
import { serveMull, type ServedMull } from "./serveMull.js";
import {
  gestureFrameTimes,
  nextFrame,
  readFrame,
  spread,
  startRecording,
  stopRecording,
  type TreeFrame,
} from "./treeFrames.js";

// The thought tree at scale, in the real app: live runs on the embedded models (growth, a new run fitted afresh,
// the keyboard), and a saved 10,000-node tree (bench/syntheticTree.ts, written into the server's run store) for
// drawing speed, Fit, search, tooltips, grouped siblings and the minimap. The frame-time target is the issue's:
// p95 <= 33 ms while zooming and panning 10,000 nodes in this headless Chromium (--disable-gpu, so the canvas is
// drawn in software). It measures CPU time, so it needs the machine to itself (flock /tmp/mull-heavy.lock).
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 120_000;
const BIG = 10_000;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
let bigRun: number;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mull = await serveMull();
  app = await launchBrowser();
  page = app.page;
  bigRun = saveSyntheticRun(join(mull.dataDir, "mull.db"), syntheticTree(BIG));
}, 240_000);

afterAll(async () => {
  await app?.close();
  await mull?.stop();
});

/** True when every point of the chosen path and the tree's whole box are inside the drawing. */
function fits(frame: TreeFrame): boolean {
  const { x, y, width, height } = frame.treeBox;
  const inside = (px: number, py: number) =>
    px >= 0 && py >= 0 && px <= frame.canvas.width && py <= frame.canvas.height;
  return inside(x, y) && inside(x + width, y + height) && frame.chosen.every((p) => inside(p.x, p.y));
}

async function wheel(tree: Locator, notches: number): Promise<void> {
  const box = await tree.getByTestId("tree-canvas").boundingBox();
  if (!box) throw new Error("The tree's canvas is not on the page.");
  const before = (await readFrame(tree)).frames;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  for (let i = 0; i < Math.abs(notches); i++) await page.mouse.wheel(0, notches > 0 ? -120 : 120);
  await nextFrame(tree, before);
}

describe("a live tree on the embedded models", () => {
  it("grows while the search runs, is fitted when done, and a new run starts fitted whatever the last zoom", async () => {
    await page.goto(mull.url);
    await page.getByTestId("tab-solve").click();
    await page
      .getByTestId("problem-input")
      .first()
      .fill("What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?");
    await page.getByTestId("strategy-select").selectOption("mcts");
    await page.getByTestId("param-iterations").fill("300");
    const tree = page.getByTestId("thought-tree");
    await page.getByTestId("run-button").click();
    await tree.waitFor();
    await startRecording(tree);
    // Live growth: the tree shows some nodes, then more, while the run is still going.
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const running = (await page.getByTestId("run-status").getAttribute("data-status")) === "running";
          if (running) seen.add((await readFrame(tree)).nodeCount);
          return [...seen].filter((n) => n > 1).length;
        },
        { timeout: RUN_TIMEOUT, interval: 100 },
      )
      .toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    // Frame times while the tree grew (the models run on the same two cores, so they are reported, not asserted).
    const growth = await stopRecording(page);
    console.log(
      `live growth: frames ${JSON.stringify(spread(growth.frames))}, draws ${JSON.stringify(spread(growth.drawMs))}`,
    );
    expect(growth.drawMs.length).toBeGreaterThan(1);
    await expect.poll(async () => (await readFrame(tree)).chosen.length).toBeGreaterThan(1);
    const done = await readFrame(tree);
    expect(done.nodeCount).toBeGreaterThan(Math.max(...seen));
    expect(fits(done)).toBe(true);

    // Zoom far in: the tree no longer fits. The next run's tree is fitted, not left at this zoom.
    await wheel(tree, 12);
    expect(fits(await readFrame(tree))).toBe(false);
    await page.getByTestId("param-iterations").fill("40");
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    await expect.poll(async () => (await readFrame(tree)).chosen.length).toBeGreaterThan(1);
    await expect.poll(async () => fits(await readFrame(tree))).toBe(true);

    // With the answer and candidates table shown, the tree keeps the larger share of a 1280×800 window.
    await page.getByTestId("candidates-table").waitFor();
    const area = await page.getByTestId("solve-tree-area").boundingBox();
    expect(area!.height).toBeGreaterThanOrEqual(320);
    // An MCTS node in the inspector has visits and a value; its fold button counts children in words that agree.
    await tree.locator('[role="application"]').focus();
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("inspector").waitFor();
    await page.getByTestId("inspector-visits").waitFor();
    expect(await page.getByTestId("inspector-collapse").textContent()).toMatch(
      /^\s*(Collapse|Expand) subtree \((1 child|([02-9]|\d\d+) children)\)\s*$/,
    );
    await page.getByTestId("inspector-close").click();
  });
});

describe(`a saved tree of ${BIG.toLocaleString("en")} nodes`, () => {
  let tree: Locator;

  it("draws whole and Fit fits it in the panel with the chosen path in view", async () => {
    tree = await openSavedRun(page, mull.url, bigRun, BIG);
    const frame = await readFrame(tree);
    expect(frame.nodeCount).toBe(BIG);
    expect(frame.drawnCount).toBeGreaterThan(BIG / 2); // grouped siblings count once
    expect(Number(await tree.getAttribute("data-chosen-count"))).toBe(frame.chosen.length);
    expect(frame.chosen.length).toBeGreaterThan(3);
    expect(frame.treeBox.height).toBeLessThanOrEqual(frame.canvas.height);
    expect(fits(frame)).toBe(true);
    expect(await tree.getByTestId("tree-minimap").isVisible()).toBe(false); // nothing off screen to find
    await tree.screenshot({ path: join(SCREENSHOTS, "tree-10k.png") });
  });

  it("zooms and pans with p95 frame time <= 33 ms", async () => {
    const frames: number[] = [];
    const draws: number[] = [];
    for (let i = 0; i < 2; i++) {
      await tree.getByTestId("tree-fit").click();
      const measured = await gestureFrameTimes(page, tree, 12);
      frames.push(...measured.frames);
      draws.push(...measured.drawMs);
    }
    const measured = spread(frames);
    console.log(`frame times over ${BIG} nodes, ms: ${JSON.stringify(measured)}`);
    console.log(`the tree's draw time in the ${draws.length} frames it drew, ms: ${JSON.stringify(spread(draws))}`);
    expect(measured.count).toBeGreaterThan(30);
    // The gesture redrew the tree (it is not an idle page's frame rate that is measured).
    expect(draws.length).toBeGreaterThan(20);
    expect(measured.p95).toBeLessThanOrEqual(33);
  });

  it("moves the view to the node the keyboard selects", async () => {
    await tree.getByTestId("tree-fit").click();
    await wheel(tree, 20); // far in, near the top: the root is off screen
    await tree.locator('[role="application"]').focus();
    // Root, a first step, its next two siblings, back to the root: each key moves the selection.
    for (const key of ["ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown", "ArrowLeft"]) {
      const before = await tree.getAttribute("data-selected-id");
      await page.keyboard.press(key);
      await expect.poll(() => tree.getAttribute("data-selected-id")).not.toBe(before);
      await expect
        .poll(async () => {
          const frame = await readFrame(tree);
          const p = frame.selected;
          return p !== null && p.x >= 0 && p.y >= 0 && p.x <= frame.canvas.width && p.y <= frame.canvas.height;
        })
        .toBe(true);
    }
    expect(await tree.getByTestId("tree-selection").textContent()).toMatch(/The problem/);
    await tree.screenshot({ path: join(SCREENSHOTS, "tree-10k-zoomed.png") });
  });

  it("finds steps and answers by text and dims the rest; Enter selects the next match", async () => {
    await tree.getByTestId("tree-fit").click();
    const search = tree.getByTestId("tree-search");
    await search.fill("answer: 432");
    await expect.poll(() => tree.getByTestId("tree-match-count").textContent()).toMatch(/^[1-9]\d* match/);
    const matches = Number(await tree.getAttribute("data-match-count"));
    await search.press("Enter");
    await expect.poll(() => tree.getAttribute("data-selected-id")).not.toBe("");
    expect(await tree.getByTestId("tree-selection").textContent()).toMatch(/432/);
    await search.fill("no step says this");
    await expect.poll(() => tree.getByTestId("tree-match-count").textContent()).toBe("0 matches");
    await search.fill("");
    expect(matches).toBeGreaterThan(0);
  });

  it("shows a node's step text, score, visits and answer on hover", async () => {
    await tree.getByTestId("tree-fit").click();
    const frame = await readFrame(tree);
    const answerNode = frame.chosen[frame.chosen.length - 1];
    const box = await tree.getByTestId("tree-canvas").boundingBox();
    if (!answerNode || !box) throw new Error("The chosen answer is not drawn.");
    await page.mouse.move(box.x + answerNode.x, box.y + answerNode.y);
    const tip = tree.getByTestId("tree-tooltip");
    await tip.waitFor();
    expect(await tip.getByTestId("tree-tooltip-text").textContent()).toMatch(/answer/);
    expect(await tip.getByTestId("tree-tooltip-score").textContent()).toMatch(/score \d\.\d{3}/);
    expect(await tip.getByTestId("tree-tooltip-visits").textContent()).toMatch(/visits \d+/);
    expect(await tip.getByTestId("tree-tooltip-answer").textContent()).toMatch(/answer \d+/);
    await page.mouse.move(box.x + 2, box.y + 2);
    await tip.waitFor({ state: "detached" });
  });

  it("shows identical siblings as one node with their count, and all of them when grouping is off", async () => {
    const grouped = await readFrame(tree);
    const layoutGrouped = Number(await tree.getAttribute("data-layout-count"));
    expect(layoutGrouped).toBeLessThan(BIG);
    // Hover a group drawn on screen: the tooltip gives its count, ×k.
    const sample = (await tree.getAttribute("data-group-sample")) ?? "";
    const [, k, point] = sample.split(" ");
    const [gx, gy] = (point ?? "").split(",").map(Number);
    const box = await tree.getByTestId("tree-canvas").boundingBox();
    if (!box || gx === undefined || gy === undefined) throw new Error(`No grouped node on screen (${sample}).`);
    expect(Number(k)).toBeGreaterThan(1);
    await page.mouse.move(box.x + gx, box.y + gy);
    await expect.poll(() => tree.getByTestId("tree-tooltip-count").textContent()).toMatch(/^×\d+$/);
    expect(await tree.getByTestId("tree-tooltip-siblings").textContent()).toBe(`(${k} identical siblings)`);
    await tree.getByTestId("tree-group").uncheck();
    await expect.poll(() => tree.getAttribute("data-layout-count")).toBe(String(BIG));
    await tree.getByTestId("tree-group").check();
    await expect.poll(() => tree.getAttribute("data-layout-count")).toBe(String(layoutGrouped));
    expect(grouped.nodeCount).toBe(BIG);
  });

  it("has a minimap that moves the view where it is clicked", async () => {
    await tree.getByTestId("tree-fit").click();
    await wheel(tree, 10);
    const minimap = tree.getByTestId("tree-minimap");
    // Shown once part of the tree is off screen (over a fitted tree it would only hide nodes).
    await expect.poll(() => minimap.isVisible()).toBe(true);
    const box = await minimap.boundingBox();
    if (!box) throw new Error("No minimap on the page.");
    const before = await tree.getAttribute("data-view");
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.9);
    await expect.poll(() => tree.getAttribute("data-view")).not.toBe(before);
  });

  it("draws the minimap small and see-through, in the corner away from the selected node", async () => {
    const minimap = tree.getByTestId("tree-minimap");
    await expect.poll(() => minimap.isVisible()).toBe(true);
    const canvas = await tree.getByTestId("tree-canvas").boundingBox();
    const box = await minimap.boundingBox();
    if (!canvas || !box) throw new Error("No tree or minimap on the page.");
    // Small and see-through, so what lies under it still shows (the pointer off it: hovered, it turns solid).
    await page.mouse.move(canvas.x + 2, canvas.y + 2);
    expect(box.width).toBeLessThanOrEqual(120);
    const opacity = await page.evaluate(
      `getComputedStyle(document.querySelector('[data-testid="tree-minimap"]')).opacity`,
    );
    expect(Number(opacity)).toBeLessThan(0.7);
    // Wherever the selection is, the minimap is not over it (minimapCorner, unit-tested, picks the corner).
    await tree.locator('[role="application"]').focus();
    for (const key of ["ArrowLeft", "ArrowRight", "ArrowDown"]) {
      const before = await tree.getAttribute("data-selected-id");
      await page.keyboard.press(key);
      await expect.poll(() => tree.getAttribute("data-selected-id")).not.toBe(before);
      const point = (await readFrame(tree)).selected;
      const at = await minimap.boundingBox();
      if (!point || !at) continue;
      const corner = await tree.getAttribute("data-minimap-corner");
      expect(at.x < canvas.x + canvas.width / 2 ? "left" : "right").toBe(corner);
      const covered =
        canvas.x + point.x >= at.x &&
        canvas.x + point.x <= at.x + at.width &&
        canvas.y + point.y >= at.y &&
        canvas.y + point.y <= at.y + at.height;
      expect(covered).toBe(false);
    }
  });
});
