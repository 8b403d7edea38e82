import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedBrowser } from "./launchBrowser.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import type { ServedMull } from "./serveMull.js";

// Part 6 of issue 18 in the real browser on the embedded models: a small sweep in the Experiments view, and its
// scaling plot with the greedy line, pass@N, an interval on every point, the setting in the caption, a choice of
// x, and a panel per difficulty level. Screenshots go to the same artifacts folder as app.test.ts (which empties
// it first, so run this one after it).
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const PROBLEMS = 6; // the test set's first six problems: two of each difficulty level, 1, 2 and 3
const LEVELS = 3;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;

/** The plot's drawn SVG (Vega's), once it is there. */
async function plotSvg(): Promise<Locator> {
  const svg = page.getByTestId("scaling-plot").first().locator("svg").first();
  await svg.waitFor();
  return svg;
}

/** The SVG's text, once it contains `text` (Vega redraws asynchronously after each change). */
async function svgTextWith(text: string): Promise<string> {
  const svg = await plotSvg();
  await expect.poll(async () => (await svg.textContent()) ?? "", { timeout: 30_000 }).toContain(text);
  return (await svg.textContent()) ?? "";
}

beforeAll(async () => {
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
}, 240_000);

afterAll(() => closeServedPage(app, mull));

/** The sweep status line beside the progress bar, as a person reads it. */
async function statusLine(): Promise<string> {
  return ((await page.getByTestId("sweep-progress").textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe("the Experiments view's sweep form", () => {
  it("keeps the Check arithmetic box 16 px square beside its long label", async () => {
    await page.getByTestId("tab-experiments").click();
    await page.getByTestId("view-experiments").waitFor();
    const box = await page.getByTestId("sweep-check-arithmetic").boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(16);
    expect(box?.height).toBeGreaterThanOrEqual(16);
  });

  it("refuses budgets that are not numbers and a limit of 0 in its own words; a fixed field clears its sentence", async () => {
    const error = page.getByTestId("sweep-error");
    await page.getByTestId("sweep-budgets").fill("2, abc");
    await page.getByTestId("sweep-run-button").click();
    expect(await error.textContent()).toBe('Budget 2 must be a number (got "abc").');
    expect(await page.getByTestId("sweep-budgets").getAttribute("aria-invalid")).toBe("true");
    await page.getByTestId("sweep-budgets").fill("2, 4");
    await error.waitFor({ state: "detached" });

    // The form is novalidate: the app's own check answers, not the browser's bubble.
    await page.getByTestId("sweep-limit").fill("0");
    await page.getByTestId("sweep-run-button").click();
    expect(await error.textContent()).toBe("The problem limit must be more than 0 (got 0).");
    expect(await page.getByTestId("sweep-limit").getAttribute("aria-invalid")).toBe("true");
    // Changing another field leaves the sentence; fixing the limit takes it away.
    await page.getByTestId("sweep-budgets").fill("1, 4");
    expect(await error.textContent()).toBe("The problem limit must be more than 0 (got 0).");
    await page.getByTestId("sweep-limit").fill(String(PROBLEMS));
    await error.waitFor({ state: "detached" });
    expect(await statusLine()).toBe("No sweep running.");
  });
});

describe("the Experiments view's scaling plot", () => {
  it("runs a small sweep and plots greedy, pass@N, intervals, the setting and a panel per level", async () => {
    await page.getByTestId("tab-experiments").click();
    await page.getByTestId("view-experiments").waitFor();
    await page.getByTestId("sweep-limit").fill(String(PROBLEMS));
    await page.getByTestId("sweep-budgets").fill("1,4");
    for (const box of await page.getByTestId("sweep-strategy").all())
      if (["greedy", "beam"].includes((await box.getAttribute("data-strategy")) ?? "")) await box.check();
      else await box.uncheck();
    for (const box of await page.getByTestId("sweep-policy").all())
      if ((await box.getAttribute("data-policy")) === "mull-policy-6m") await box.check();
      else await box.uncheck();
    await page.getByTestId("sweep-run-button").click();
    await page.locator('[data-testid="sweep-progress"][data-status="done"]').waitFor({ timeout: 300_000 });

    const plot = page.getByTestId("scaling-plot").first();
    await expect.poll(() => plot.getAttribute("data-greedy")).toBe("true");
    expect(await plot.getAttribute("data-pass-at-n")).toBe("true");
    // All problems, then one panel per difficulty level.
    expect(await plot.getAttribute("data-panels")).toBe(String(1 + LEVELS));

    const text = await svgTextWith("difficulty 3 (2 problems)");
    expect(text).toContain(`all ${PROBLEMS} problems`);
    expect(text).toContain("difficulty 1 (2 problems)");
    expect(text).toMatch(/greedy \d+\.\d%/); // the greedy line's label
    expect(text).toContain("pass@N (any sample right)");
    expect(text).toContain("policy mull-policy-6m · PRM mull-prm (no gate) · test set, first 6 problems");
    expect(text).toContain("95% Wilson intervals over problems");
    expect(text).toContain("mean generated tokens per problem (log scale)");

    const svg = await plotSvg();
    // The greedy rule in every panel, and an error bar (Vega-Lite's `intervals` layer) on every point.
    expect(await svg.locator(".greedy_line_marks path, .greedy_line_marks line").count()).toBe(1 + LEVELS);
    const points = await svg.locator(".curves_marks path").count();
    const bars = await svg.locator(".intervals_layer_2_marks path, .intervals_layer_2_marks line").count();
    expect(bars).toBeGreaterThan(0);
    // Each panel's points: beam, self-consistency, best-of-n at 2 budgets, and best-of-n's pass@N at each.
    expect(bars).toBe((1 + LEVELS) * (3 * 2 + 2));
    expect(points).toBeGreaterThan(0);

    await plot.scrollIntoViewIfNeeded();
    await plot.screenshot({ path: join(SCREENSHOTS, "scaling-plot.png") });
  }, 360_000);

  it("changes the x axis with the choice, fitted to the data", async () => {
    const choice = page.getByTestId("scaling-x").first();
    await choice.selectOption("reward-calls");
    const text = await svgTextWith("mean PRM calls per problem (log scale)");
    expect(text).not.toContain("mean generated tokens per problem");
    // Self-consistency calls no reward model: it cannot sit on a log axis, and the caption says so.
    expect(text).toContain("not drawn (no reward calls spent, no place on a log axis): self-consistency");
    expect(await page.getByTestId("scaling-plot").first().getAttribute("data-x")).toBe("reward-calls");

    await choice.selectOption("wall-time");
    await svgTextWith("mean wall time per problem, seconds (log scale)");
    await choice.selectOption("generated-tokens");
    const tokens = await svgTextWith("mean generated tokens per problem (log scale)");
    // The axis ends near the data: at budget 4 the 6M policy spends a few hundred tokens a problem, never 10k.
    expect(tokens).not.toContain("10k");
  });

  it("lists the sweep in the history with a dash for its answer (its answers are per problem)", async () => {
    const sweepRow = page.locator('[data-testid="run-row"][data-kind="sweep"]').first();
    await sweepRow.waitFor();
    expect((await sweepRow.getByTestId("run-answer").textContent())?.trim()).toBe("—");
    expect(await sweepRow.getByTestId("run-correct").textContent()).toMatch(/^\d+\/\d+$/);
  });

  it("keeps a cancelled sweep's status line when the next launch is refused", async () => {
    // Enough problems that the sweep is still going when Cancel is pressed.
    await page.getByTestId("sweep-limit").fill("40");
    await page.getByTestId("sweep-run-button").click();
    // Running: the main side accepted the new sweep, so its counts (not the last sweep's) are on screen.
    await page.locator('[data-testid="sweep-progress"][data-status="running"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => Number(await page.getByTestId("sweep-progress").getAttribute("data-done")), {
        timeout: 120_000,
      })
      .toBeGreaterThan(0);
    await page.getByTestId("sweep-cancel-button").click();
    await page.locator('[data-testid="sweep-progress"][data-status="cancelled"]').waitFor({ timeout: 60_000 });
    const cancelled = await statusLine();
    expect(cancelled).toMatch(/^cancelled: \d+ \/ \d+ items/);
    await page.getByTestId("sweep-budgets").fill("abc");
    await page.getByTestId("sweep-run-button").click();
    expect(await page.getByTestId("sweep-error").textContent()).toBe('Budget 1 must be a number (got "abc").');
    expect(await statusLine()).toBe(cancelled);
    expect(await page.getByTestId("sweep-progress").getAttribute("data-status")).toBe("cancelled");
  }, 180_000);
});
