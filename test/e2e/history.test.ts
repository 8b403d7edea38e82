import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RUN_NAME } from "../../src-main/api/wireTypes.js";
import type { RecordedBrowser } from "./launchBrowser.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import type { ServedMull } from "./serveMull.js";

// The run history in the real app: `mull serve` on the embedded models, driven through Debian's Chromium. The
// tests run in order on one server and one page, as a person's session would: the two solves made first are the
// history the later tests search, rename, reopen, run again and delete.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 120_000;
const LINEAR = "Solve for x: 2x + 3 = 7";
const ARITHMETIC = "Compute (12 + 7) * 3 - 5.";
/** A name of exactly MAX_RUN_NAME characters, with markup that must show as text. */
const LONG_NAME = "Arithmetic check <b>kept</b> for the report: best-of-n on the six-million policy, seed 0 again"
  .slice(0, MAX_RUN_NAME)
  .trim();

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
/** The run ids of the two solves, read from the history's rows. */
let linearId: number;
let arithmeticId: number;

async function openView(view: "solve" | "experiments"): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
}

async function solve(problem: string, strategy: string): Promise<void> {
  await openView("solve");
  await page.getByTestId("problem-input").first().fill(problem);
  await page.getByTestId("strategy-select").selectOption(strategy);
  await page.getByTestId("run-button").click();
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
}

/** The history's rows of solve runs, as the view shows them now. */
function rows(): Locator {
  return page.locator('[data-testid="run-row"]');
}

function row(id: number): Locator {
  return page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
}

async function rowIds(): Promise<number[]> {
  return (await rows().evaluateAll((els) => els.map((el) => el.getAttribute("data-run-id")))).map(Number);
}

/** The saved tree of the open run has drawn more than its root. */
async function detailNodeCount(): Promise<number> {
  return Number(await page.getByTestId("run-detail").getByTestId("thought-tree").getAttribute("data-node-count"));
}

beforeAll(async () => {
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
}, 240_000);

afterAll(() => closeServedPage(app, mull));

describe("the run history in Chromium, on the embedded models", () => {
  it("lists two solves as distinct rows with problem, strategy, models, answer, spent and time", async () => {
    await solve(LINEAR, "beam");
    expect(await page.getByTestId("answer").textContent()).toBe("2");
    await solve(ARITHMETIC, "best-of-n");
    expect(await page.getByTestId("answer").textContent()).toBe("52");

    await openView("experiments");
    await expect.poll(() => rows().count()).toBe(2);
    [arithmeticId, linearId] = (await rowIds()) as [number, number]; // newest first
    expect(arithmeticId).toBeGreaterThan(linearId);
    const linear = row(linearId);
    const arithmetic = row(arithmeticId);
    expect(await linear.getByTestId("run-problem").textContent()).toBe(LINEAR);
    expect(await arithmetic.getByTestId("run-problem").textContent()).toBe(ARITHMETIC);
    expect(await linear.getByTestId("run-strategy").textContent()).toBe("beam");
    expect(await arithmetic.getByTestId("run-strategy").textContent()).toBe("best-of-n");
    expect(await linear.getByTestId("run-models").textContent()).toMatch(/^mull-policy-\w+ \/ mull-prm/);
    expect((await linear.getByTestId("run-answer").textContent())?.trim()).toBe("2");
    expect((await arithmetic.getByTestId("run-answer").textContent())?.trim()).toBe("52");
    // A typed problem has no reference: nothing to mark right or wrong.
    expect(await linear.getByTestId("run-correct").textContent()).toBe("—");
    for (const r of [linear, arithmetic]) {
      const spent = Number((await r.getByTestId("run-spent").textContent())?.replace(/\D/g, ""));
      expect(spent).toBeGreaterThan(0);
      expect(await r.getByTestId("run-time").textContent()).toMatch(/\d.*·\s*[\d.]+ (ms|s|min)/);
    }
  }, 300_000);

  it("searches and filters the history", async () => {
    await page.getByTestId("runs-search").fill("12 + 7");
    await expect.poll(rowIds).toEqual([arithmeticId]);
    await page.getByTestId("runs-search").fill("nothing-like-this");
    await page.getByTestId("runs-empty").waitFor();
    await page.getByTestId("runs-search").fill("");
    await page.getByTestId("runs-filter-strategy").selectOption("beam");
    await expect.poll(rowIds).toEqual([linearId]);
    expect(await page.getByTestId("runs-count").textContent()).toBe("1 of 2 runs");
    await page.getByTestId("runs-filter-strategy").selectOption("");
    await expect.poll(rowIds).toEqual([arithmeticId, linearId]);
  });

  it("renames a run, and the name is still there after a reload", async () => {
    await row(linearId).getByTestId("run-rename").click();
    await page.getByTestId("run-name-input").fill("linear equation");
    await page.getByTestId("run-name-save").click();
    await row(linearId).getByTestId("run-name").waitFor();
    await page.reload();
    // The address kept the view: the reload lands in Experiments again.
    await page.getByTestId("view-experiments").waitFor();
    expect(await row(linearId).getByTestId("run-name").textContent()).toBe("linear equation");
    await page.getByTestId("runs-search").fill("linear equation");
    await expect.poll(rowIds).toEqual([linearId]);
    await page.getByTestId("runs-search").fill("");
  });

  it("fits the history in a 1280×800 window: no sideways scroll, a long name on two lines at most, too long refused", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const arithmetic = row(arithmeticId);
    // A name past MAX_RUN_NAME is refused with one sentence naming the field; the edit box stays open.
    const tooLong = `${LONG_NAME} and then some more words`;
    await arithmetic.getByTestId("run-rename").click();
    await page.getByTestId("run-name-input").fill(tooLong);
    await page.getByTestId("run-name-save").click();
    expect(await page.getByTestId("runs-error").textContent()).toBe(
      `The name must have at most ${MAX_RUN_NAME} characters (it has ${tooLong.length}).`,
    );
    await page.getByTestId("run-name-input").fill(LONG_NAME);
    await page.getByTestId("run-name-save").click();
    await arithmetic.getByTestId("run-name").waitFor();
    expect(await arithmetic.getByTestId("run-name").textContent()).toBe(LONG_NAME);

    // The table fits its column: nothing scrolls sideways, and the actions are inside the window.
    // A string for the page (the tests' TypeScript has no DOM types), as status.test.ts does.
    const fit = (await page.evaluate(`(() => {
      const table = document.querySelector('[data-testid="runs-list"]');
      const box = table.parentElement;
      return { scroll: box.scrollWidth, client: box.clientWidth, table: table.scrollWidth,
        right: table.getBoundingClientRect().right };
    })()`)) as { scroll: number; client: number; table: number; right: number };
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.table).toBeLessThanOrEqual(fit.client);
    expect(fit.right).toBeLessThanOrEqual(1280);
    const del = await arithmetic.getByTestId("run-delete").boundingBox();
    expect((del?.x ?? Infinity) + (del?.width ?? 0)).toBeLessThanOrEqual(1280);

    // The long name wraps at words and stops after two lines; its row stays a few lines tall.
    const title = await arithmetic.locator(".title").boundingBox();
    const rowBox = await arithmetic.boundingBox();
    const line = Number(
      await page.evaluate(`(() => {
        const s = getComputedStyle(document.querySelector('[data-run-id="${arithmeticId}"] .title'));
        return parseFloat(s.lineHeight) || 1.2 * parseFloat(s.fontSize);
      })()`),
    );
    const name = { height: title?.height ?? Infinity, width: title?.width ?? 0, row: rowBox?.height ?? Infinity, line };
    expect(name.height).toBeLessThanOrEqual(2 * name.line + 1);
    expect(name.width).toBeGreaterThan(100); // never a column a character wide
    expect(name.row).toBeLessThanOrEqual(4 * name.line + 12);
    expect(await arithmetic.locator(".title").getAttribute("title")).toBe(LONG_NAME);

    // The view's scroll area reaches the window's bottom edge, and the page itself never scrolls.
    const layout = (await page.evaluate(`({
      bottom: document.querySelector('[data-testid="view-experiments"]').getBoundingClientRect().bottom,
      page: document.documentElement.scrollHeight,
      window: window.innerHeight,
    })`)) as { bottom: number; page: number; window: number };
    expect(layout.bottom).toBe(layout.window);
    expect(layout.page).toBe(layout.window);

    // Clear the name again: the later tests ask about this run by its plain number.
    await arithmetic.getByTestId("run-rename").click();
    await page.getByTestId("run-name-input").fill("");
    await page.getByTestId("run-name-save").click();
    await expect.poll(() => arithmetic.getByTestId("run-name").count()).toBe(0);
  });

  it("reopens a run with its settings, spending, answer, tree and inspector; the address brings it back", async () => {
    await row(linearId).getByTestId("run-open").click();
    const detail = page.getByTestId("run-detail");
    await detail.waitFor();
    expect(new URL(page.url()).hash).toBe(`#/experiments/run/${linearId}`);
    expect(new URL(page.url()).searchParams.get("token")).toBe(mull.token);
    expect(await detail.getByTestId("run-settings").textContent()).toMatch(/Strategy\s*beam/);
    expect(await detail.getByTestId("run-settings").textContent()).toMatch(/Caps\s*Generated tokens 4,000/);
    expect(await detail.getByTestId("run-detail-name").textContent()).toBe("linear equation");
    await expect.poll(() => detail.getByTestId("budget-counter").first().getAttribute("data-spent")).not.toBe("0");
    expect(await detail.getByTestId("answer").textContent()).toBe("2");
    await expect.poll(detailNodeCount).toBeGreaterThanOrEqual(3);
    // A chosen step opens the inspector, as in the Solve view.
    await detail.getByTestId("chosen-path").locator("button").first().click();
    await detail.getByTestId("inspector").waitFor();
    expect((await detail.getByTestId("inspector-text").textContent())?.trim()).toMatch(/^(Step \d+: |Answer: )/);
    // Tall enough for the history and the open run together (the view scrolls inside the page, not the page).
    await page.setViewportSize({ width: 1280, height: 1700 });
    await page.screenshot({ path: join(SCREENSHOTS, "run-history.png") });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Reload at this address: the same run opens again, tree and answer.
    await page.reload();
    await page.locator(`[data-testid="run-detail"][data-run-id="${linearId}"]`).waitFor();
    expect(await page.getByTestId("run-detail").getByTestId("answer").textContent()).toBe("2");
    await expect.poll(detailNodeCount).toBeGreaterThanOrEqual(3);

    // Back and forward move between the open run and the list.
    await page.getByTestId("run-detail-close").click();
    await expect.poll(() => new URL(page.url()).hash).toBe("#/experiments");
    expect(await page.getByTestId("run-detail").count()).toBe(0);
    await page.goBack();
    await page.locator(`[data-testid="run-detail"][data-run-id="${linearId}"]`).waitFor();
    await page.goForward();
    await expect.poll(() => page.getByTestId("run-detail").count()).toBe(0);
    await openView("solve");
    expect(new URL(page.url()).hash).toBe("#/solve");
    await page.goBack();
    await page.getByTestId("view-experiments").waitFor();
  });

  it("runs a saved run again: the Solve form is filled with its settings and it runs", async () => {
    await row(arithmeticId).getByTestId("run-open").click();
    await page.locator(`[data-testid="run-detail"][data-run-id="${arithmeticId}"]`).waitFor();
    // Change the form first, so what "run again" puts back is seen to come from the saved run.
    await openView("solve");
    await page.getByTestId("problem-input").first().fill("something else");
    await page.getByTestId("strategy-select").selectOption("greedy");
    await page.goBack();
    await page.getByTestId("run-again").click();
    await page.getByTestId("view-solve").waitFor();
    expect(await page.getByTestId("problem-input").first().inputValue()).toBe(ARITHMETIC);
    expect(await page.getByTestId("strategy-select").inputValue()).toBe("best-of-n");
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId("answer").textContent()).toBe("52");
    await openView("experiments");
    await expect.poll(() => rows().count()).toBe(3);
    const [newest] = await rowIds();
    expect(
      await row(newest as number)
        .getByTestId("run-problem")
        .textContent(),
    ).toBe(ARITHMETIC);
    expect(
      await row(newest as number)
        .getByTestId("run-strategy")
        .textContent(),
    ).toBe("best-of-n");
  }, 180_000);

  it("deletes a run only after asking, and it stays deleted after a reload", async () => {
    await row(arithmeticId).getByTestId("run-delete").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.waitFor();
    expect(await page.getByTestId("confirm-question").textContent()).toMatch(
      new RegExp(`^Delete run ${arithmeticId}, with its items and saved trees\\?`),
    );
    await page.getByTestId("confirm-no").click();
    await dialog.waitFor({ state: "hidden" });
    expect(await row(arithmeticId).count()).toBe(1);
    await row(arithmeticId).getByTestId("run-delete").click();
    await page.getByTestId("confirm-yes").click();
    await expect.poll(() => row(arithmeticId).count()).toBe(0);
    // The open run was the one deleted: it is closed, and its address with it.
    await expect.poll(() => new URL(page.url()).hash).toBe("#/experiments");
    await page.reload();
    await expect.poll(() => rows().count()).toBe(2);
    expect(await row(arithmeticId).count()).toBe(0);
  });

  it("keeps the Solve form (problem, models, strategy, parameters, caps) across a reload", async () => {
    await openView("solve");
    await page.getByTestId("problem-input").first().fill("What is 9 * 8?");
    await page.getByTestId("strategy-select").selectOption("best-of-n");
    await page.getByTestId("param-n").fill("5");
    await page.getByTestId("cap-generatedTokens").fill("3000");
    const policy = await page.getByTestId("policy-select").inputValue();
    await page.reload();
    await page.getByTestId("view-solve").waitFor();
    expect(await page.getByTestId("problem-input").first().inputValue()).toBe("What is 9 * 8?");
    expect(await page.getByTestId("strategy-select").inputValue()).toBe("best-of-n");
    expect(await page.getByTestId("param-n").inputValue()).toBe("5");
    expect(await page.getByTestId("cap-generatedTokens").inputValue()).toBe("3000");
    // The model list loads after the page: the saved choice shows once its option is there.
    await expect.poll(() => page.getByTestId("policy-select").inputValue()).toBe(policy);
    // A damaged saved form is dropped value by value, and the app starts anyway.
    const damaged = JSON.stringify({ version: 1, problem: 7, strategy: "nope", params: { n: -1 } });
    await page.evaluate(`localStorage.setItem("mull.solveForm", ${JSON.stringify(damaged)})`);
    await page.reload();
    await page.getByTestId("view-solve").waitFor();
    expect(await page.getByTestId("strategy-select").inputValue()).toBe("beam");
    expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
  it("reopens a compare with each policy's item, and opens it in Compare to run again", async () => {
    await page.getByTestId("tab-compare").click();
    await page.getByTestId("view-compare").waitFor();
    await page.getByTestId("problem-input").first().fill(LINEAR);
    for (const box of await page.getByTestId("compare-policy").all())
      if (["mull-policy-6m", "mull-policy-2m"].includes((await box.getAttribute("data-policy")) ?? ""))
        await box.check();
      else await box.uncheck();
    await page.getByTestId("compare-run-button").click();
    await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });

    await openView("experiments");
    const compareRow = page.locator('[data-testid="run-row"][data-kind="compare"]');
    await compareRow.waitFor();
    expect(await compareRow.getByTestId("run-models").textContent()).toMatch(
      /mull-policy-6m, mull-policy-2m|mull-policy-2m, mull-policy-6m/,
    );
    await compareRow.getByTestId("run-open").click();
    const detail = page.locator('[data-testid="run-detail"]');
    await detail.waitFor();
    expect(await detail.getByTestId("run-item").count()).toBe(2);
    expect(await detail.getByTestId("run-settings").textContent()).toMatch(
      /Policies\s*(mull-policy-6m, mull-policy-2m|mull-policy-2m, mull-policy-6m)/,
    );
    // The second policy's tree and answer replace the first's.
    await detail.getByTestId("run-item-tree").nth(1).click();
    await expect.poll(() => detail.getByTestId("run-item").nth(1).getAttribute("class")).toMatch(/shown/);
    await expect.poll(detailNodeCount).toBeGreaterThanOrEqual(2);

    // Open in Compare: the form is filled (problem and both policies), and Run runs it.
    await detail.getByTestId("run-again-edit").click();
    await page.getByTestId("view-compare").waitFor();
    expect(await page.getByTestId("problem-input").first().inputValue()).toBe(LINEAR);
    for (const name of ["mull-policy-6m", "mull-policy-2m"])
      expect(await page.locator(`[data-testid="compare-policy"][data-policy="${name}"]`).isChecked()).toBe(true);
    await page.getByTestId("compare-run-button").click();
    await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    await openView("experiments");
    await expect.poll(() => page.locator('[data-testid="run-row"][data-kind="compare"]').count()).toBe(2);
  }, 180_000);

  it("records the Solve run in the address: a reload mid-run follows it again, a reload after shows its result", async () => {
    const status = () => page.getByTestId("run-status").getAttribute("data-status");
    const solveTree = () => page.getByTestId("view-solve").getByTestId("thought-tree");
    const nodes = async () => Number(await solveTree().getAttribute("data-node-count"));
    const spent = () =>
      page.locator('[data-testid="budget-counter"][data-counter="generatedTokens"]').getAttribute("data-spent");
    const errorsBefore = app.consoleErrors.length;
    await openView("solve");
    await page.getByTestId("problem-input").first().fill(ARITHMETIC);
    await page.getByTestId("strategy-select").selectOption("best-of-n");
    // 96 samples take the 6M policy tens of seconds on these CPUs: long enough to reload while it runs.
    await page.getByTestId("param-n").fill("96");
    await page.getByTestId("cap-generatedTokens").fill("40000");
    await page.getByTestId("run-button").click();
    // The address names the run as soon as the main side accepted it.
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/solve\/run\/\d+$/);
    const address = new URL(page.url()).hash;
    const runId = Number(address.split("/").pop());

    // Reloaded mid-run: the page follows the same run again, its tree regrown from the replayed events.
    await page.reload();
    await page.getByTestId("view-solve").waitFor();
    expect(new URL(page.url()).hash).toBe(address);
    // Read back from the main side as still running (a reload takes a second or two; the run, several more).
    await expect.poll(status).not.toBe("idle");
    expect(await status()).toBe("running");
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    const answer = await page.getByTestId("answer").textContent();
    expect(answer).toBe("52");
    expect(await nodes()).toBeGreaterThan(1);
    const liveNodes = await nodes();
    const liveSpent = await spent();
    await page.getByTestId("candidates-table").waitFor();

    // Reloaded after it finished: the saved run, with its tree, answer, candidates and spending.
    await page.reload();
    await page.getByTestId("view-solve").waitFor();
    await expect.poll(status).toBe("done");
    expect(new URL(page.url()).hash).toBe(address);
    expect(await page.getByTestId("answer").textContent()).toBe(answer);
    await expect.poll(nodes).toBe(liveNodes);
    expect(await spent()).toBe(liveSpent);
    await page.getByTestId("candidates-table").waitFor();

    // A new run is a new address; back shows the earlier run again, forward the new one.
    await page.getByTestId("strategy-select").selectOption("greedy");
    await page.getByTestId("run-button").click();
    await expect.poll(() => new URL(page.url()).hash).not.toBe(address);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    const second = new URL(page.url()).hash;
    const greedyNodes = await nodes();
    await page.goBack();
    await expect.poll(() => new URL(page.url()).hash).toBe(address);
    await expect.poll(nodes).toBe(liveNodes);
    expect(await page.getByTestId("answer").textContent()).toBe(answer);
    await page.goForward();
    await expect.poll(() => new URL(page.url()).hash).toBe(second);
    await expect.poll(nodes).toBe(greedyNodes);
    expect(runId).toBeGreaterThan(0);
    // Nothing went wrong on the page meanwhile (a reopen that failed would log its refused call).
    expect(app.consoleErrors.slice(errorsBefore).filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 240_000);
});
