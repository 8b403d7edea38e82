import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { RunStore } from "../../src-main/core/store/RunStore.js";
import { isLoopback, launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { serveMull, type ServedMull } from "./serveMull.js";
import { readFrame } from "./treeFrames.js";

// The real app in a real browser: `mull serve` on the embedded models, driven through Debian's Chromium. The
// tests run in order and share one server and one page, as a person's session would: the runs made early are the
// past runs reopened later. Screenshots are artifacts in an ignored folder; `npm run screenshots` copies them over
// the committed ones in screenshots/, which a test run never touches.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const COMMITTED = join(import.meta.dirname, "screenshots");
const RUN_TIMEOUT = 90_000;

/** Each committed screenshot's modification time and content hash, so the last test can tell nothing wrote them. */
function committedShots(): Record<string, string> {
  const shots: Record<string, string> = {};
  for (const name of readdirSync(COMMITTED)) {
    const file = join(COMMITTED, name);
    shots[name] = `${statSync(file).mtimeMs} ${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
  }
  return shots;
}
const committedBefore = committedShots();

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function openView(view: "solve" | "compare" | "experiments" | "models" | "resources"): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
}

/** Nodes in the thought tree shown in `scope` (drawn on a canvas, so counted by the tree itself). */
async function nodeCount(scope: Page | Locator): Promise<number> {
  return Number(await scope.getByTestId("thought-tree").first().getAttribute("data-node-count"));
}

async function setProblem(text: string): Promise<void> {
  await page.getByTestId("problem-input").first().fill(text);
}

beforeAll(async () => {
  rmSync(SCREENSHOTS, { recursive: true, force: true }); // what is there after the run is this run's
  mkdirSync(SCREENSHOTS, { recursive: true });
  mull = await serveMull(); // it builds the app when out/ is missing or older than the sources
  app = await launchBrowser();
  page = app.page;
}, 240_000);

afterAll(async () => {
  await app?.close();
  await mull?.stop();
});

describe("browser mode refuses whoever lacks the token", () => {
  it("answers 401 to a page load, a call and a socket without it", async () => {
    expect((await fetch(`${mull.origin}/`)).status).toBe(401);
    expect((await fetch(`${mull.origin}/?token=wrong`)).status).toBe(401);
    const call = await fetch(`${mull.origin}/api/call/listModels`, { method: "POST", body: "{}" });
    expect(call.status).toBe(401);
    const refused = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${mull.origin.replace("http", "ws")}/api/runs/1/events`);
      socket.on("unexpected-response", (_req, res) => resolve(`http ${res.statusCode}`));
      socket.on("open", () => resolve("open"));
      socket.on("error", (e) => resolve(`error ${e.message}`));
    });
    expect(refused).toBe("http 401");
    // And the same call with the token goes through.
    const ok = await fetch(`${mull.origin}/api/call/listModels`, {
      method: "POST",
      headers: { "x-mull-token": mull.token, "content-type": "application/json" },
      body: "{}",
    });
    expect(ok.status).toBe(200);
  });
});

describe("the app in Chromium, on the embedded models", () => {
  it("solves 'Solve for x: 2x + 3 = 7' by beam search: a live tree, the inspector, the answer 2", async () => {
    await page.goto(mull.url);
    await openView("solve");
    await setProblem("Solve for x: 2x + 3 = 7");
    await page.getByTestId("strategy-select").selectOption("beam");
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    // The policy writes this solution the same way nearly every time, and identical samples are one node (with a
    // count): the root and at least a step and the answer line.
    await expect.poll(() => nodeCount(page)).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("answer").textContent()).toBe("2");
    expect(await page.getByTestId("chosen-path").locator("li").count()).toBeGreaterThanOrEqual(2);
    // The budget meter counted what the search spent.
    await expect.poll(() => page.getByTestId("budget-meter").textContent()).toMatch(/\d/);

    // The tree is drawn on a canvas: click where it drew the chosen path's first step.
    const tree = page.getByTestId("thought-tree");
    await expect.poll(async () => (await readFrame(tree)).chosen.length).toBeGreaterThanOrEqual(2);
    const step = (await readFrame(tree)).chosen[1];
    const drawing = await tree.getByTestId("tree-canvas").boundingBox();
    if (!step || !drawing) throw new Error("The chosen path's first step is not drawn.");
    await page.mouse.click(drawing.x + step.x, drawing.y + step.y);
    const inspector = page.getByTestId("inspector");
    await inspector.waitFor();
    expect((await page.getByTestId("inspector-text").textContent())?.trim()).toMatch(/^(Step \d+: |Answer: )/);
    expect(Number(await page.getByTestId("inspector-tokens").textContent())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId("inspector-count").textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("inspector-path").locator("li").count()).toBeGreaterThanOrEqual(1);
    await shot("solve");
  });

  it("finds the seed's 402 by beam search with 'Check arithmetic' ticked", { timeout: 5 * RUN_TIMEOUT }, async () => {
    await setProblem("What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?");
    await page.getByTestId("strategy-select").selectOption("beam");
    await page.getByTestId("param-n").fill("128");
    await page.getByTestId("param-temperature").fill("1");
    // The form's caps (4,000 tokens, 60 s) are a tenth of this search's tokens, and the time cap is what a loaded
    // machine hits first: without either, the search runs to its end and its answer does not depend on the clock.
    await page.getByTestId("cap-generatedTokens").fill("");
    await page.getByTestId("cap-ms").fill("");
    await page.getByTestId("param-check-arithmetic").check();
    try {
      await page.getByTestId("run-button").click();
      await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 4 * RUN_TIMEOUT });
      expect(await page.getByTestId("stopped-sentence").getAttribute("data-stopped-by")).toBe("complete");
      expect(await page.getByTestId("answer").textContent()).toBe("402");
    } finally {
      // Put the form back as the next tests expect it, whether or not this one passed.
      await page.getByTestId("param-check-arithmetic").uncheck();
      await page.getByTestId("param-n").fill("8");
      await page.getByTestId("param-temperature").fill("0.8");
      await page.getByTestId("cap-generatedTokens").fill("4000");
      await page.getByTestId("cap-ms").fill("60000");
    }
  });

  it("reaches the settings under 'More settings': best-of-n with the ORM verifier runs and is saved with it", async () => {
    await setProblem("Compute (12 + 7) * 3 - 5.");
    await page.getByTestId("strategy-select").selectOption("best-of-n");
    await page.getByText("More settings").click();
    await page.getByTestId("param-verifier").selectOption("orm");
    // Nothing to aggregate without step scores: the control says so by being off.
    expect(await page.getByTestId("param-aggregate").isDisabled()).toBe(true);
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId("answer").textContent()).toBe("52");
    const store = RunStore.open({ file: join(mull.dataDir, "mull.db") });
    try {
      const [latest] = store.listRuns();
      expect(latest?.config).toMatchObject({ strategy: "best-of-n", options: { verifier: "orm" } });
    } finally {
      store.close();
    }
    await page.getByTestId("param-verifier").selectOption("prm");
  });

  it("cancels a running search promptly and keeps the tree it grew", async () => {
    await setProblem("What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?");
    await page.getByTestId("strategy-select").selectOption("mcts");
    await page.getByTestId("param-iterations").fill("4000");
    await page.getByTestId("run-button").click();
    // "running" comes once the main side has accepted the run and the view has cleared the last run's tree: counting
    // nodes before it would count that tree's.
    await page.locator('[data-testid="run-status"][data-status="running"]').waitFor({ timeout: RUN_TIMEOUT });
    await expect.poll(() => nodeCount(page), { timeout: RUN_TIMEOUT }).toBeGreaterThan(10);
    const before = Date.now();
    await page.getByTestId("cancel-button").click();
    await page.locator('[data-testid="run-status"][data-status="cancelled"]').waitFor({ timeout: 10_000 });
    expect(Date.now() - before).toBeLessThan(10_000);
    expect(await nodeCount(page)).toBeGreaterThan(10);
  });

  it("compares the two embedded policies side by side", async () => {
    await openView("compare");
    await setProblem("Solve for x: 2x + 3 = 7");
    for (const name of ["mull-policy-6m", "mull-policy-2m"]) {
      const box = page.locator(`[data-testid="compare-policy"][data-policy="${name}"]`);
      if (!(await box.isChecked())) await box.check();
    }
    await page.getByTestId("compare-run-button").click();
    await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    const columns = page.getByTestId("compare-column");
    expect(await columns.count()).toBe(2);
    for (const column of await columns.all()) {
      expect(await nodeCount(column)).toBeGreaterThan(1);
      expect(await column.getByTestId("answer").textContent()).toMatch(/\S/);
      expect(await column.getByTestId("compare-speed").textContent()).toMatch(/\d/);
    }
    await shot("compare");
  });

  it("runs a small sweep and plots it, then reopens a past run", async () => {
    await openView("experiments");
    await page.getByTestId("sweep-limit").fill("2");
    await page.getByTestId("sweep-budgets").fill("1,2");
    for (const box of await page.getByTestId("sweep-policy").all())
      if ((await box.getAttribute("data-policy")) === "mull-policy-2m") await box.check();
      else await box.uncheck();
    await page.getByTestId("sweep-run-button").click();
    await page.locator('[data-testid="sweep-progress"][data-status="done"]').waitFor({ timeout: 180_000 });
    const progress = page.getByTestId("sweep-progress");
    expect(await progress.getAttribute("data-done")).toBe(await progress.getAttribute("data-total"));
    await page.getByTestId("scaling-plot").locator("svg, canvas").first().waitFor();
    expect(await page.getByTestId("sweep-table").locator("tr").count()).toBeGreaterThan(2);
    await shot("experiments");

    // The solve run from the first test is in the store; reopen it.
    const solveRow = page.locator('[data-testid="run-row"][data-kind="solve"]').last();
    await solveRow.getByTestId("run-open").click();
    const detail = page.getByTestId("run-detail");
    await detail.waitFor();
    await expect.poll(() => nodeCount(detail)).toBeGreaterThanOrEqual(3);
    expect(await detail.getByTestId("run-item-answer").first().textContent()).toMatch(/2/);
    await shot("past-run");
  });

  it("shows the model library and the resources in use", async () => {
    await openView("models");
    await expect.poll(() => page.getByTestId("model-row").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("model-table").textContent()).toMatch(/mull-policy-6m/);
    await shot("models");
    await openView("resources");
    await expect.poll(() => page.getByTestId("backend").textContent()).toMatch(/cpu/i);
    await shot("resources");
    // system (light here) → light → dark
    const toggle = page.getByTestId("theme-toggle");
    for (let i = 0; i < 3 && (await toggle.getAttribute("data-theme")) !== "dark"; i++) await toggle.click();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await openView("solve");
    await shot("solve-dark");
  });

  it("wrote this run's screenshots into the ignored artifacts folder and left the committed ones alone", () => {
    for (const name of ["solve", "compare", "experiments", "past-run", "models", "resources", "solve-dark"])
      expect(statSync(join(SCREENSHOTS, `${name}.png`)).size, name).toBeGreaterThan(1000);
    expect(committedShots()).toEqual(committedBefore);
  });

  it("made no request that left the machine, and broke no content-security rule", () => {
    expect(app.requests.length).toBeGreaterThan(5);
    expect(app.requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(app.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
