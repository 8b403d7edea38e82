import { join } from "node:path";
import type { Locator, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetail } from "../../src-main/api/mullApi.js";
import type { RecordedBrowser } from "./launchBrowser.js";
import { compareGreedy } from "./compareGreedy.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import { callApi } from "./callApi.js";
import type { ServedMull } from "./serveMull.js";

// The Annotate form as a new user meets it: a refused value is named beside its field by the page itself (no
// request, no console error) with the annotate range, not the search one; Escape in a text field leaves the field
// and never cancels the annotation; a Solve run opened by its address in a fresh browser shows that run's request in
// the form; a typed reference only its exact text can match is warned about; each Compare column has its own form.
// `mull serve` on the embedded models, driven through Debian's Chromium; the tests run in order on one page.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 180_000;
/** dev-00003 of the bundled dev split (reference 432, known to the app). */
const DEV_PROBLEM = "What is the 87th term of the arithmetic sequence 88, 92, 96, 100, ...?";
/** A typed problem: no reference of its own, so the form asks for one. */
const TYPED_PROBLEM = "Compute 3 + 4 + 5.";
/** So many completions that the annotation is surely still going when Escape is pressed. */
const ROLLOUTS_LONG = 64;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
let solveRunId: number;
let policyPath = "";
/** Every startAnnotate call the page sent. */
const annotateCalls: string[] = [];

/** One call to the served API with the page's token. */
const call = <T>(method: string, input: unknown): Promise<T> => callApi<T>(mull, method, input);

/** The value of the option of `select` whose text starts with `name`, once the model list has loaded. */
async function optionOf(select: Locator, name: string): Promise<string> {
  const option = () =>
    select
      .locator("option")
      .evaluateAll(
        (all, n) => all.find((o) => (o.textContent ?? "").trim().startsWith(n))?.getAttribute("value") ?? "",
        name,
      );
  await expect.poll(option, { timeout: 60_000 }).not.toBe("");
  return option();
}

/** A greedy solve of `problem` with the 2M policy, to its end; returns the run's id from the address. */
async function solve(problem: string): Promise<number> {
  await page.getByTestId("tab-solve").click();
  await page.getByTestId("view-solve").waitFor();
  await page.getByTestId("problem-input").first().fill(problem);
  policyPath = await optionOf(page.getByTestId("policy-select"), "mull-policy-2m");
  await page.getByTestId("policy-select").selectOption(policyPath);
  await page.getByTestId("strategy-select").selectOption("greedy");
  await page.getByTestId("run-button").click();
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
  const id = Number(/#\/solve\/run\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

/** The Annotate panel of item `item`, with `status` when given. */
function panelOf(item: string, status?: string): Locator {
  return page.locator(
    `[data-testid="annotate-panel"][data-item="${item}"]${status === undefined ? "" : `[data-status="${status}"]`}`,
  );
}

/**
 * Clicks Annotate in `panel` with `field` set to `value`, and waits until the page says `message` there with the field
 * marked (polled: the same error line may still show the last refusal's sentence).
 */
async function expectRefused(
  panel: Locator,
  field: "rollouts" | "temperature",
  value: string,
  message: string,
): Promise<void> {
  await panel.getByTestId(`annotate-${field}`).fill(value);
  await panel.getByTestId("annotate-button").click();
  await expect.poll(() => panel.getByTestId("annotate-error").textContent()).toBe(message);
  await panel.locator(`label.bad [data-testid="annotate-${field}"]`).waitFor();
}

beforeAll(async () => {
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
  page.on("request", (request: Request) => {
    if (request.url().includes("/api/call/startAnnotate")) annotateCalls.push(request.url());
  });
}, 240_000);

afterAll(() => closeServedPage(app, mull));

describe("the Annotate form, in Chromium", () => {
  it(
    "names a refused value with annotate's own range, beside its field, without sending it",
    async () => {
      solveRunId = await solve(DEV_PROBLEM);
      const panel = panelOf("solve");
      const errorsBefore = app.consoleErrors.length;
      for (const t of ["0", "3", "7", "-1", "99"])
        await expectRefused(panel, "temperature", t, `Temperature must be a number from 0.1 to 2 (got ${t}).`);
      await panel.getByTestId("annotate-temperature").fill("0.8");
      await expectRefused(panel, "rollouts", "0", "Rollouts per step must be a whole number from 1 to 64 (got 0).");
      // Checked by the page: no request went out, so no HTTP 400 and no console error.
      expect(annotateCalls).toEqual([]);
      expect(app.consoleErrors.slice(errorsBefore)).toEqual([]);
      expect(await panel.getAttribute("data-status")).toBe("idle");
    },
    RUN_TIMEOUT * 2,
  );

  it(
    "leaves a text field on Escape without cancelling the annotation; Escape elsewhere cancels it",
    async () => {
      const panel = panelOf("solve");
      await panel.getByTestId("annotate-rollouts").fill(String(ROLLOUTS_LONG));
      await panel.getByTestId("annotate-button").click();
      await panel
        .locator('[data-testid="annotate-progress"]:text-matches("Annotating step")')
        .waitFor({ timeout: RUN_TIMEOUT });
      const problem = page.getByTestId("problem-input").first();
      await problem.focus();
      await page.keyboard.press("Escape");
      // The handler ran (the field lost focus), and the job goes on.
      await expect.poll(() => problem.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(false);
      expect(await panel.getAttribute("data-status")).toBe("running");
      expect((await call<RunDetail>("getRun", { runId: solveRunId })).annotating?.itemKey).toBe("solve");
      // Escape with the focus on no field cancels it.
      await page.keyboard.press("Escape");
      await panelOf("solve", "cancelled").waitFor({ timeout: RUN_TIMEOUT });
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-escape-field.png") });
    },
    RUN_TIMEOUT * 2,
  );

  it(
    "shows a Solve run's own request in the form when its address is opened in a fresh browser",
    async () => {
      const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const fresh = await context.newPage();
        await fresh.goto(`${mull.url}#/solve/run/${solveRunId}`);
        await fresh.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
        await expect.poll(() => fresh.getByTestId("problem-input").first().inputValue()).toBe(DEV_PROBLEM);
        expect(await fresh.getByTestId("strategy-select").inputValue()).toBe("greedy");
        await expect.poll(() => fresh.getByTestId("policy-select").inputValue(), { timeout: 60_000 }).toBe(policyPath);
      } finally {
        await context.close();
      }
    },
    RUN_TIMEOUT,
  );

  it(
    "warns about a typed reference only its exact text can match, and asks for an empty one in a sentence",
    async () => {
      await solve(TYPED_PROBLEM);
      const panel = panelOf("solve");
      const reference = panel.getByTestId("annotate-reference");
      await reference.fill("seven apples");
      const warning = panel.getByTestId("annotate-reference-warning");
      await warning.waitFor({ timeout: 30_000 });
      expect(await warning.textContent()).toBe(
        'The answer checker cannot read "seven apples" as a number or expression: only that exact text will be graded correct.',
      );
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-reference-warning.png") });
      await reference.fill("12");
      await warning.waitFor({ state: "detached" });
      await reference.fill("");
      await panel.getByTestId("annotate-button").click();
      await panel.getByTestId("annotate-error").waitFor();
      expect(await panel.getByTestId("annotate-error").textContent()).toBe(
        "Give the reference answer to annotate against.",
      );
    },
    RUN_TIMEOUT * 2,
  );

  it(
    "gives each Compare column its own form, and names a refused value there with annotate's range",
    async () => {
      await compareGreedy(page, DEV_PROBLEM, RUN_TIMEOUT);
      const panels = page.getByTestId("annotate-panel");
      await expect.poll(() => panels.count(), { timeout: 30_000 }).toBe(2);
      const [first, second] = [panels.nth(0), panels.nth(1)];
      const before = await second.getByTestId("annotate-rollouts").inputValue();
      await first.getByTestId("annotate-rollouts").fill("5");
      await first.getByTestId("annotate-temperature").fill("1.5");
      expect(await second.getByTestId("annotate-rollouts").inputValue()).toBe(before);
      expect(await second.getByTestId("annotate-temperature").inputValue()).not.toBe("1.5");
      const calls = annotateCalls.length;
      await expectRefused(second, "temperature", "7", "Temperature must be a number from 0.1 to 2 (got 7).");
      expect(await first.getByTestId("annotate-rollouts").inputValue()).toBe("5");
      expect(annotateCalls).toHaveLength(calls);
    },
    RUN_TIMEOUT * 2,
  );
});
