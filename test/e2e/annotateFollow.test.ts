import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetail } from "../../src-main/api/mullApi.js";
import { exportSchemas } from "../../src-main/core/annotate/exports/exportSchemas.js";
import type { RecordedBrowser } from "./launchBrowser.js";
import { compareGreedy } from "./compareGreedy.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import { callApi } from "./callApi.js";
import type { ServedMull } from "./serveMull.js";

// The Annotate action beyond one uninterrupted solve (annotate.test.ts has that): a page reloaded while an
// annotation runs follows it again (its progress, then its labels), Escape cancels one, and each finished column of
// a Compare gets the same action, its labels drawn over that column's tree and path; a Compare reloaded mid-way
// opens its run from the address and follows the column's annotation too. `mull serve` on the embedded models,
// driven through Debian's Chromium; the tests run in order on one page.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 180_000;
/** dev-00003 of the bundled dev split (reference 432, known to the app), as in annotate.test.ts. */
const DEV_PROBLEM = "What is the 87th term of the arithmetic sequence 88, 92, 96, 100, ...?";
const DEV_REFERENCE = "432";
/** Few completions: an annotation that should finish. */
const ROLLOUTS = 3;
/**
 * Enough completions per step that the annotation is still drawing them after a reload (a page load and one getRun,
 * a second or two) and the test sees it running again, yet ends in well under a minute.
 */
const ROLLOUTS_RELOAD = 24;
/** The same for the 2M policy's column of the compare: a smaller model draws its completions faster. */
const ROLLOUTS_RELOAD_2M = 48;
/** So many completions that the annotation is surely still going when Escape is pressed. */
const ROLLOUTS_CANCEL = 64;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
let solveRunId: number;
/** The soft labels the reloaded page drew for the solve, step by step. */
let solveSoft: string[] = [];
/** The compare's item keys (`column:policy`) of the 2M's column and the 6M's. */
let small = "";
let large = "";
let compareRunId: number;

/** One call to the served API with the page's token. */
const call = <T>(method: string, input: unknown): Promise<T> => callApi<T>(mull, method, input);

/** Each drawn step row in `scope`: soft label, hard label and tree node, step by step. */
async function bars(scope: Page | Locator): Promise<{ soft: string; hard: string; node: string }[]> {
  return scope.getByTestId("step-label").evaluateAll((all) =>
    all.map((el) => ({
      soft: el.getAttribute("data-soft") ?? "",
      hard: el.getAttribute("data-hard") ?? "",
      node: el.getAttribute("data-node-id") ?? "",
    })),
  );
}

/** The Annotate panel of item `item` (`solve`, or a compare column's `column:policy`), with `status` when given. */
function panelOf(item: string, status?: string): Locator {
  return page.locator(
    `[data-testid="annotate-panel"][data-item="${item}"]${status === undefined ? "" : `[data-status="${status}"]`}`,
  );
}

/** The compare column whose Annotate panel labels item `item`. */
function columnOf(item: string): Locator {
  return page.locator(`[data-testid="compare-column"]:has([data-testid="annotate-panel"][data-item="${item}"])`);
}

/** Waits until item `item`'s annotation ends (any final status) and returns that status. */
async function ended(item: string): Promise<string> {
  const done = page.locator(
    ["done", "failed", "cancelled"]
      .map((s) => `[data-testid="annotate-panel"][data-item="${item}"][data-status="${s}"]`)
      .join(", "),
  );
  await done.waitFor({ timeout: RUN_TIMEOUT });
  return (await done.getAttribute("data-status")) ?? "";
}

/** Waits until `panel`'s annotation is drawing completions (its progress line says which step it is on). */
async function drawing(panel: Locator): Promise<void> {
  await panel
    .locator('[data-testid="annotate-progress"]:text-matches("Annotating step")')
    .waitFor({ timeout: RUN_TIMEOUT });
}

/** Picks `name` in a model select once the model list has loaded. */
async function pickModel(select: Locator, name: string): Promise<void> {
  const option = () =>
    select
      .locator("option")
      .evaluateAll(
        (all, n) => all.find((o) => (o.textContent ?? "").trim().startsWith(n))?.getAttribute("value") ?? "",
        name,
      );
  await expect.poll(option, { timeout: 60_000 }).not.toBe("");
  await select.selectOption(await option());
}

/** The labels the tree in `scope` draws over its nodes, "id:soft:hard" by node id. */
async function treeMarks(scope: Locator): Promise<Map<string, string>> {
  const labelled = (await scope.getByTestId("thought-tree").getAttribute("data-labelled")) ?? "";
  return new Map(
    labelled
      .split(" ")
      .filter((m) => m !== "")
      .map((m) => [m.split(":")[0] ?? "", m]),
  );
}

beforeAll(async () => {
  for (const name of [
    "annotate-refollowed.png",
    "annotate-escape.png",
    "annotate-compare.png",
    "annotate-compare-escape.png",
  ])
    rmSync(join(SCREENSHOTS, name), { force: true });
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
}, 240_000);

afterAll(() => closeServedPage(app, mull));

describe("following and cancelling annotations, and annotating a compare, in Chromium", () => {
  it(
    "follows an annotation again after a reload mid-way: its progress, then its labels",
    async () => {
      await page.getByTestId("tab-solve").click();
      await page.getByTestId("view-solve").waitFor();
      await page.getByTestId("problem-input").first().fill(DEV_PROBLEM);
      await pickModel(page.getByTestId("policy-select"), "mull-policy-6m");
      await page.getByTestId("strategy-select").selectOption("greedy");
      await page.getByTestId("run-button").click();
      await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
      solveRunId = Number(/#\/solve\/run\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
      expect(solveRunId).toBeGreaterThan(0);
      const steps = await page.getByTestId("chosen-path").locator("li").count();

      const panel = panelOf("solve");
      await page.getByTestId("annotate-rollouts").fill(String(ROLLOUTS_RELOAD));
      await page.getByTestId("annotate-button").click();
      await drawing(panel);
      // The main side says which item it is labelling: what a reloaded page reads to follow it again.
      expect((await call<RunDetail>("getRun", { runId: solveRunId })).annotating).toEqual({
        itemKey: "solve",
        method: "mc",
        rollouts: ROLLOUTS_RELOAD,
        temperature: Number(await page.getByTestId("annotate-temperature").inputValue()),
      });

      const { rerun } = await call<RunDetail>("getRun", { runId: solveRunId });
      const sent = rerun.kind === "solve" ? rerun.request : null;
      await page.reload();
      await page.getByTestId("view-solve").waitFor();
      // Followed again: running, its progress line back, Cancel live, Annotate held until it ends.
      await panelOf("solve", "running").waitFor({ timeout: 30_000 });
      // The Policy and PRM selects show the run's models at once, not blank until the model list is in.
      expect(await page.getByTestId("policy-select").inputValue()).toBe(sent?.policy ?? "");
      expect(await page.getByTestId("prm-select").inputValue()).toBe(sent?.prm ?? "");
      await drawing(panel);
      expect(await page.getByTestId("annotate-cancel").isEnabled()).toBe(true);
      expect(await page.getByTestId("annotate-button").isEnabled()).toBe(false);
      // The form says what the job runs with, not the defaults a fresh page would show.
      expect(await page.getByTestId("annotate-rollouts").inputValue()).toBe(String(ROLLOUTS_RELOAD));
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-refollowed.png") });

      const status = await ended("solve");
      if (status !== "done")
        throw new Error(`the annotation ended ${status}: ${await page.getByTestId("annotate-error").textContent()}`);
      await page.getByTestId("step-labels").waitFor();
      const drawn = await bars(page);
      expect(drawn).toHaveLength(steps);
      const detail = await call<RunDetail>("getRun", { runId: solveRunId });
      expect(detail.annotating).toBeNull();
      const saved = detail.annotations[0];
      expect(saved).toMatchObject({ key: "solve", method: "mc" });
      expect(saved?.solutions[0]?.cost.rollouts).toBeGreaterThanOrEqual(ROLLOUTS_RELOAD);
      expect(saved?.solutions[0]?.soft.map(String)).toEqual(drawn.map((b) => b.soft));
      expect(saved?.solutions[0]?.hard.map(String)).toEqual(drawn.map((b) => b.hard));
      solveSoft = drawn.map((b) => b.soft);
      // And over the tree.
      const marks = await treeMarks(page.locator('[data-testid="solve-tree-area"]'));
      for (const bar of drawn)
        if (bar.node !== "") expect(marks.get(bar.node)).toBe(`${bar.node}:${bar.soft}:${bar.hard}`);
    },
    RUN_TIMEOUT * 3,
  );

  it(
    "cancels a running annotation with Escape: nothing saved, the earlier labels stay",
    async () => {
      await page.getByTestId("annotate-rollouts").fill(String(ROLLOUTS_CANCEL));
      await page.getByTestId("annotate-button").click();
      await drawing(panelOf("solve"));
      await page.keyboard.press("Escape");
      expect(await ended("solve")).toBe("cancelled");
      expect(await page.getByTestId("annotate-progress").textContent()).toMatch(/Cancelled: nothing was saved/);
      expect((await bars(page)).map((b) => b.soft)).toEqual(solveSoft);
      const detail = await call<RunDetail>("getRun", { runId: solveRunId });
      expect(detail.annotating).toBeNull();
      expect(detail.annotations).toHaveLength(1);
      expect(detail.annotations[0]?.solutions[0]?.soft.map(String)).toEqual(solveSoft);
      expect(await page.getByTestId("annotate-button").isEnabled()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-escape.png") });
    },
    RUN_TIMEOUT * 2,
  );

  it(
    "annotates one column of a finished compare: labels over that column's tree and path, the run's exports",
    async () => {
      await compareGreedy(page, DEV_PROBLEM, RUN_TIMEOUT);

      // Each finished column with steps gets an Annotate form, named by its item in the store (`column:policy`).
      const columns = page.getByTestId("compare-column");
      expect(await columns.count()).toBe(2);
      const panels = page.getByTestId("annotate-panel");
      await expect.poll(() => panels.count(), { timeout: 30_000 }).toBe(2);
      const keys = await panels.evaluateAll((all) => all.map((el) => el.getAttribute("data-item") ?? ""));
      expect(keys.map((k) => k.replace(/^\d+:/, "")).sort()).toEqual(["mull-policy-2m", "mull-policy-6m"]);
      expect(keys.map((k) => k.split(":")[0])).toEqual(["0", "1"]);
      // The item keys, found by policy: the column order follows the order the boxes were checked in.
      small = keys.find((k) => k.endsWith(":mull-policy-2m")) ?? "";
      large = keys.find((k) => k.endsWith(":mull-policy-6m")) ?? "";
      // Both problems' reference is the dev split's: no reference field.
      expect(await page.getByTestId("annotate-reference").count()).toBe(0);

      const [first, second] = [columnOf(small), columnOf(large)];
      const panel = panelOf(large);
      await panel.getByTestId("annotate-rollouts").fill(String(ROLLOUTS));
      await panel.getByTestId("annotate-button").click();
      await drawing(panel);
      // One annotation of a run at a time: the other column waits.
      expect(await first.getByTestId("annotate-button").isEnabled()).toBe(false);
      expect(await ended(large)).toBe("done");
      await second.getByTestId("step-labels").waitFor();
      expect(await first.getByTestId("step-labels").count()).toBe(0);
      expect(await first.getByTestId("annotate-panel").getAttribute("data-status")).toBe("idle");

      const drawn = await bars(second);
      expect(drawn).toHaveLength(await second.getByTestId("chosen-path").locator("li").count());
      // The address names the compare run, so a reload opens it again.
      const runId = Number(/#\/compare\/run\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
      expect(runId).toBeGreaterThan(0);
      compareRunId = runId;
      const detail = await call<RunDetail>("getRun", { runId });
      expect(detail.annotations).toHaveLength(1);
      const saved = detail.annotations[0];
      expect(saved?.key).toBe(large);
      expect(saved?.solutions[0]?.reference).toBe(DEV_REFERENCE);
      expect(saved?.solutions[0]?.soft.map(String)).toEqual(drawn.map((b) => b.soft));
      expect(saved?.solutions[0]?.hard.map(String)).toEqual(drawn.map((b) => b.hard));
      // Over that column's tree only.
      const marks = await treeMarks(second);
      const labelled = drawn.filter((b) => b.node !== "");
      expect(labelled.length).toBeGreaterThan(0);
      for (const bar of labelled) expect(marks.get(bar.node)).toBe(`${bar.node}:${bar.soft}:${bar.hard}`);
      expect((await treeMarks(first)).size).toBe(0);
      await second.getByTestId("step-labels").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-compare.png") });

      // The run's training data, once for both columns: TRL rows, the annotated column's cut after its first bad step.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-trl-prm").click()]);
      expect(download.suggestedFilename()).toBe(`mull-run-${runId}.trl-prm.jsonl`);
      const rows = readFileSync(await download.path(), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => exportSchemas["trl-prm"].parse(JSON.parse(l)));
      const hard = drawn.map((b) => b.hard === "1");
      const cut = hard.indexOf(false);
      const steps = saved?.solutions[0]?.steps ?? [];
      const row = rows.find((r) => r.completions.join("\n") === steps.slice(0, r.completions.length).join("\n"));
      expect(row?.prompt).toBe(DEV_PROBLEM);
      expect(row?.labels).toEqual(cut < 0 ? hard : hard.slice(0, cut + 1));
      expect(await page.getByTestId("export-error").count()).toBe(0);
    },
    RUN_TIMEOUT * 3,
  );

  it(
    "opens the compare again after a reload mid-annotation, and follows the column's annotation to its labels",
    async () => {
      const [first, second] = [columnOf(small), columnOf(large)];
      const before = await bars(second);
      const panel = panelOf(small);
      await panel.getByTestId("annotate-rollouts").fill(String(ROLLOUTS_RELOAD_2M));
      await panel.getByTestId("annotate-button").click();
      await drawing(panel);
      expect((await call<RunDetail>("getRun", { runId: compareRunId })).annotating?.itemKey).toBe(small);

      const { rerun } = await call<RunDetail>("getRun", { runId: compareRunId });
      const sentPrm = rerun.kind === "compare" ? (rerun.request.prm ?? "") : "";
      await page.reload();
      await page.getByTestId("view-compare").waitFor();
      // The run's columns come back from the store, and the 2M column's annotation is followed again.
      await panelOf(small, "running").waitFor({ timeout: 30_000 });
      // Never a blank form beside the running annotation: the run's two policies are checked (shown pending while
      // the model list loads) and the PRM select shows the run's PRM, read at once, not after waiting for the list.
      const shownPolicies = await page
        .locator('[data-testid="compare-policy"]:checked, [data-testid="compare-policy-pending"]:checked')
        .count();
      const shownPrm = await page.getByTestId("compare-prm-select").inputValue();
      expect(shownPolicies).toBe(2);
      expect(shownPrm).toBe(sentPrm);
      await drawing(panel);
      expect(await page.getByTestId("compare-column").count()).toBe(2);
      // With the form as the run was sent: its problem, its two policies, greedy.
      expect(await page.getByTestId("problem-input").first().inputValue()).toBe(DEV_PROBLEM);
      // Once the model list is in, the library's own boxes for those two policies are the checked ones.
      await expect
        .poll(() => page.locator('[data-testid="compare-policy"]:checked').count(), { timeout: 60_000 })
        .toBe(2);
      expect(await page.getByTestId("strategy-select").inputValue()).toBe("greedy");
      expect(await panel.getByTestId("annotate-rollouts").inputValue()).toBe(String(ROLLOUTS_RELOAD_2M));
      expect(await second.getByTestId("annotate-button").isEnabled()).toBe(false);
      expect(await bars(second)).toEqual(before);

      const status = await ended(small);
      if (status !== "done")
        throw new Error(`the annotation ended ${status}: ${await panel.getByTestId("annotate-error").textContent()}`);
      await first.getByTestId("step-labels").waitFor();
      const drawn = await bars(first);
      const detail = await call<RunDetail>("getRun", { runId: compareRunId });
      expect(detail.annotating).toBeNull();
      const saved = detail.annotations.find((a) => a.key === small);
      expect(saved?.solutions[0]?.soft.map(String)).toEqual(drawn.map((b) => b.soft));
      expect(saved?.solutions[0]?.hard.map(String)).toEqual(drawn.map((b) => b.hard));
      const marks = await treeMarks(first);
      for (const bar of drawn)
        if (bar.node !== "") expect(marks.get(bar.node)).toBe(`${bar.node}:${bar.soft}:${bar.hard}`);
      // The other column's labels came back with the run, as saved.
      expect(await bars(second)).toEqual(before);
    },
    RUN_TIMEOUT * 3,
  );

  it(
    "cancels a compare column's running annotation with Escape: nothing saved, both columns' labels stay",
    async () => {
      const [first, second] = [columnOf(small), columnOf(large)];
      const [beforeFirst, beforeSecond] = [await bars(first), await bars(second)];
      expect(beforeFirst.length).toBeGreaterThan(0);
      const panel = panelOf(large);
      await panel.getByTestId("annotate-rollouts").fill(String(ROLLOUTS_CANCEL));
      await panel.getByTestId("annotate-button").click();
      await drawing(panel);
      await page.keyboard.press("Escape");
      expect(await ended(large)).toBe("cancelled");
      expect(await panel.getByTestId("annotate-progress").textContent()).toMatch(/Cancelled: nothing was saved/);
      expect(await bars(first)).toEqual(beforeFirst);
      expect(await bars(second)).toEqual(beforeSecond);
      expect(await panelOf(small).getAttribute("data-status")).toBe("idle");
      expect(await panel.getByTestId("annotate-button").isEnabled()).toBe(true);
      const detail = await call<RunDetail>("getRun", { runId: compareRunId });
      expect(detail.annotations.find((a) => a.key === large)?.solutions[0]?.soft.map(String)).toEqual(
        beforeSecond.map((b) => b.soft),
      );
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-compare-escape.png") });
    },
    RUN_TIMEOUT * 2,
  );
});
