// npm run bench:ui [-- --sizes 1000,5000,10000]
// The thought tree's drawing speed in the real app: `mull serve` on a fresh data folder, Debian's headless Chromium
// launched as the e2e tests launch it (--disable-gpu), and saved solve runs with synthetic trees of 1k / 5k / 10k
// nodes (bench/syntheticTree.ts) opened by their address (#/experiments/run/ID). Per size: wheel-zoom latency (a
// wheel event to the second animation frame after it), frame times during a scripted wheel-and-drag gesture
// (gaps between animation frames), and what Fit does (the tree's drawn height against the panel's, the chosen path
// on screen). Writes bench/ui-results.json and prints a Markdown table for docs/performance.md. Run it alone
// (flock /tmp/mull-heavy.lock): the figures are CPU time on a shared machine.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { launchBrowser } from "../test/e2e/launchBrowser.js";
import { openSavedRun } from "../test/e2e/openSavedRun.js";
import { serveMull } from "../test/e2e/serveMull.js";
import {
  gestureFrameTimes,
  nextFrame,
  readFrame,
  spread,
  wheelLatencies,
  type Spread,
} from "../test/e2e/treeFrames.js";
import { formatTable } from "./formatTable.js";
import { startMeasurement } from "./startMeasurement.js";
import { saveSyntheticRun, syntheticTree } from "./syntheticTree.js";

const sizesArg = process.argv.indexOf("--sizes");
const sizes = (sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? "") : "1000,5000,10000").split(",").map(Number);
for (const size of sizes)
  if (!Number.isInteger(size) || size < 2) throw new Error(`--sizes: "${size}" is not a whole number of nodes >= 2`);
/** Wheel notches each way, for the latency and for the gesture. */
const WHEELS = 12;
/** Gestures per size: the frame times are pooled over them. */
const GESTURES = 3;

interface SizeResult {
  nodes: number;
  wheelLatencyMs: Spread;
  frameMs: Spread;
  /** The tree's own draw time in the frames of the gestures that drew it. */
  drawMs: Spread;
  fit: {
    treeHeightPx: number;
    panelHeightPx: number;
    treeWidthPx: number;
    panelWidthPx: number;
    chosenInView: boolean;
  };
  nodesOnScreenAtFit: number;
}

const measurement = await startMeasurement();
const mull = await serveMull();
const app = await launchBrowser();
const results: SizeResult[] = [];
try {
  for (const size of sizes) {
    const runId = saveSyntheticRun(join(mull.dataDir, "mull.db"), syntheticTree(size));
    const tree = await openSavedRun(app.page, mull.url, runId, size);
    const fitted = await readFrame(tree);
    const inside = (p: { x: number; y: number }) =>
      p.x >= 0 && p.y >= 0 && p.x <= fitted.canvas.width && p.y <= fitted.canvas.height;
    const chosenTotal = Number(await tree.getAttribute("data-chosen-count"));
    const fit = {
      treeHeightPx: fitted.treeBox.height,
      panelHeightPx: fitted.canvas.height,
      treeWidthPx: fitted.treeBox.width,
      panelWidthPx: fitted.canvas.width,
      chosenInView: fitted.chosen.length > 0 && fitted.chosen.length === chosenTotal && fitted.chosen.every(inside),
    };
    const latencies = await wheelLatencies(tree, WHEELS);
    const frames: number[] = [];
    const drawMs: number[] = [];
    for (let i = 0; i < GESTURES; i++) {
      const before = (await readFrame(tree)).frames;
      await tree.getByTestId("tree-fit").click();
      await nextFrame(tree, before);
      const measured = await gestureFrameTimes(app.page, tree, WHEELS);
      frames.push(...measured.frames);
      drawMs.push(...measured.drawMs);
    }
    const result = {
      nodes: size,
      wheelLatencyMs: spread(latencies),
      frameMs: spread(frames),
      drawMs: spread(drawMs),
      fit,
      nodesOnScreenAtFit: fitted.drawnCount,
    };
    console.error(JSON.stringify(result));
    results.push(result);
  }
} finally {
  await app.close();
  await mull.stop();
}

const ms = (v: number) => v.toFixed(1);
const table = formatTable(
  [
    "Nodes",
    "Wheel-zoom latency p50 / p95 (ms)",
    "Frame p50 / p95 / max (ms)",
    "Draw p50 / p95 (ms)",
    "Fit: tree height / panel (px)",
    "Chosen path in view",
  ],
  results.map((r) => [
    r.nodes.toLocaleString("en"),
    `${ms(r.wheelLatencyMs.p50)} / ${ms(r.wheelLatencyMs.p95)}`,
    `${ms(r.frameMs.p50)} / ${ms(r.frameMs.p95)} / ${ms(r.frameMs.max)}`,
    `${ms(r.drawMs.p50)} / ${ms(r.drawMs.p95)}`,
    `${Math.round(r.fit.treeHeightPx)} / ${Math.round(r.fit.panelHeightPx)}`,
    r.fit.chosenInView ? "yes" : "no",
  ]),
);
const out = {
  startedAt: measurement.startedAt,
  machine: measurement.machine,
  contention: measurement.contention(),
  browser: "Debian /usr/bin/chromium, headless, --disable-gpu (test/e2e/launchBrowser.ts), 1280×800 viewport",
  method: {
    wheelLatency: `${WHEELS} wheel notches in and ${WHEELS} out dispatched on the canvas; each from dispatch to the second animation frame after it`,
    frames: `${GESTURES} gestures of ${WHEELS} wheel notches in, a 41-step drag, ${WHEELS} notches out through page.mouse; gaps between animation frames`,
    fit: "after opening the run: the tree's box on screen (data-tree-box) against the canvas, every chosen node inside it",
  },
  results,
};
// Written as Prettier writes it, so `npm run check` passes on a fresh result.
const resultsFile = join(import.meta.dirname, "ui-results.json");
writeFileSync(resultsFile, await prettier.format(JSON.stringify(out), { filepath: resultsFile }));
console.log(table);
