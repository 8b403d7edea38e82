import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnnotationView } from "../../src-main/api/wireTypes.js";
import type { RunDetail } from "../../src-main/api/mullApi.js";
import { exportSchemas } from "../../src-main/core/annotate/exports/exportSchemas.js";
import type { RecordedBrowser } from "./launchBrowser.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import { callApi } from "./callApi.js";
import type { ServedMull } from "./serveMull.js";

// The Annotate action in the real app: `mull serve` on the embedded models, driven through Debian's Chromium. A dev
// problem (its reference answer is known) is solved greedily by the 6M policy, then its path is labelled by
// Math-Shepherd rollouts of that policy; the labels must be drawn as one bar per step (width, value, + / − mark and
// the tree's rings all saying what the API saved), come back after a reload, and export as TRL stepwise rows. The
// tests run in order on one page; the last one solves a typed problem with the 2M policy.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 180_000;
/**
 * dev-00003 of the bundled dev split, so its reference answer (432) is known to the app (referenceFor). Chosen
 * because its labels vary: the 6M policy's greedy path ends on a wrong answer (450), yet with the run's seed (0)
 * and ROLLOUTS completions at the annotation's default temperature some completions from its first steps still
 * reach 432 (soft 1/3, hard 1) and none from the later ones do (soft 0, hard 0). Found by greedy + Math-Shepherd on
 * the first 25 dev problems (seed 0, N = 3); a greedy path all of whose labels were 1 or all 0 would leave a bar
 * drawn at the wrong width or a wrong mark unnoticed.
 */
const DEV_PROBLEM = "What is the 87th term of the arithmetic sequence 88, 92, 96, 100, ...?";
const DEV_REFERENCE = "432";
/** Typed here, in no bundled set: the run has no reference of its own. */
const TYPED_PROBLEM = "Compute 3 + 4 + 5.";
const ROLLOUTS = 3;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
let runId: number;
/** The labels the page drew first: each step's soft label as its bar says it. */
let drawnSoft: string[] = [];

/** One call to the served API with the page's token. */
const call = <T>(method: string, input: unknown): Promise<T> => callApi<T>(mull, method, input);

/** Each drawn bar's soft label, hard label and rollouts, step by step. */
async function bars(): Promise<{ soft: string; hard: string; rollouts: string; node: string }[]> {
  return page.getByTestId("step-label").evaluateAll((all) =>
    all.map((el) => ({
      soft: el.getAttribute("data-soft") ?? "",
      hard: el.getAttribute("data-hard") ?? "",
      rollouts: el.getAttribute("data-rollouts") ?? "",
      node: el.getAttribute("data-node-id") ?? "",
    })),
  );
}

/** What each step's row shows, in order: its bar's fill (inline width, drawn share of the bar), value and mark. */
interface ShownLabel {
  width: string;
  share: number;
  meter: string;
  value: string;
  mark: string;
  tone: string;
}

/** Each step row's drawn label (ShownLabel). A string for the page: the tests' TypeScript has no DOM types. */
async function shown(): Promise<ShownLabel[]> {
  return (await page.evaluate(`[...document.querySelectorAll('[data-testid="step-label"]')].map((el) => {
    const bar = el.querySelector("[role=meter]");
    const fill = el.querySelector(".fill");
    const mark = el.querySelector(".hard");
    const barWidth = bar.getBoundingClientRect().width;
    return {
      width: fill.style.width,
      share: barWidth > 0 ? fill.getBoundingClientRect().width / barWidth : -1,
      meter: bar.getAttribute("aria-valuenow") ?? "",
      value: el.querySelector(".value").textContent.trim(),
      mark: mark.textContent.trim(),
      tone: mark.classList.contains("good") ? "good" : mark.classList.contains("bad") ? "bad" : "",
    };
  })`)) as ShownLabel[];
}

/**
 * The colour of the ring drawn around each chosen-path node of the tree, by node id, read from the canvas's pixels
 * straight below the node (a chain's links run sideways, its soft label is written above): `good` when that line
 * crosses the hard-1 green, `bad` the hard-0 red, `both` or `none` otherwise. Greedy nodes are unscored (grey) and
 * the chosen path's outline is the accent blue, so only a label's ring is green or red there.
 */
async function ringColours(): Promise<Map<string, string>> {
  const points = (await page.getByTestId("thought-tree").getAttribute("data-chosen-points")) ?? "";
  const found = (await page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="tree-canvas"]');
    const ratio = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext("2d");
    return ${JSON.stringify(points)}.split(" ").filter((p) => p !== "").map((point) => {
      const [id, xy] = point.split(":");
      const [x, y] = xy.split(",").map(Number);
      let green = false;
      let red = false;
      for (let dy = 1; dy <= 40; dy++) {
        const [r, g, b] = ctx.getImageData(Math.round(x * ratio), Math.round((y + dy) * ratio), 1, 1).data;
        if (g - Math.max(r, b) > 80) green = true;
        if (r - Math.max(g, b) > 100) red = true;
      }
      return [id, green && red ? "both" : green ? "good" : red ? "bad" : "none"];
    });
  })()`)) as [string, string][];
  return new Map(found);
}

/** Solves `problem` greedily with the named embedded policy and waits for the run to end done. */
async function solve(problem: string, policy: "mull-policy-2m" | "mull-policy-6m"): Promise<void> {
  await page.getByTestId("tab-solve").click();
  await page.getByTestId("view-solve").waitFor();
  await page.getByTestId("problem-input").first().fill(problem);
  const select = page.getByTestId("policy-select");
  // The model list loads after the page: the policy's option appears once it has.
  const option = () =>
    select
      .locator("option")
      .evaluateAll(
        (all, name) => all.find((o) => (o.textContent ?? "").trim().startsWith(name))?.getAttribute("value") ?? "",
        policy,
      );
  await expect.poll(option, { timeout: 60_000 }).not.toBe("");
  await select.selectOption(await option());
  await page.getByTestId("strategy-select").selectOption("greedy");
  await page.getByTestId("run-button").click();
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
}

/** Waits until the Annotate job ends (any final status) and returns that status. */
async function annotationEnded(): Promise<string> {
  const ended = page.locator(
    '[data-testid="annotate-panel"]:is([data-status="done"], [data-status="failed"], [data-status="cancelled"])',
  );
  await ended.waitFor({ timeout: RUN_TIMEOUT });
  return (await ended.getAttribute("data-status")) ?? "";
}

beforeAll(async () => {
  for (const name of [
    "annotate-labels.png",
    "annotate-reopened.png",
    "annotate-cancelled.png",
    "annotate-reference.png",
  ])
    rmSync(join(SCREENSHOTS, name), { force: true });
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
}, 240_000);

afterAll(() => closeServedPage(app, mull));

describe("the Annotate action in Chromium, on the embedded models", () => {
  it(
    "labels each step of a solved dev problem's path: one bar per step, as the API saved them, drawn over the tree",
    async () => {
      await solve(DEV_PROBLEM, "mull-policy-6m");
      runId = Number(/#\/solve\/run\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
      expect(runId).toBeGreaterThan(0);
      const steps = await page.getByTestId("chosen-path").locator("li").allTextContents();
      expect(steps.length).toBeGreaterThan(0);
      // The problem's reference is known: the form asks for none.
      await page.getByTestId("annotate-panel").waitFor();
      expect(await page.getByTestId("annotate-reference").count()).toBe(0);

      await page.getByTestId("annotate-rollouts").fill(String(ROLLOUTS));
      await page.getByTestId("annotate-button").click();
      const status = await annotationEnded();
      if (status !== "done")
        throw new Error(`the annotation ended ${status}: ${await page.getByTestId("annotate-error").textContent()}`);
      await page.getByTestId("step-labels").waitFor();

      const drawn = await bars();
      expect(drawn).toHaveLength(steps.length);
      for (const bar of drawn) {
        expect(Number(bar.soft)).toBeGreaterThanOrEqual(0);
        expect(Number(bar.soft)).toBeLessThanOrEqual(1);
        expect(["0", "1"]).toContain(bar.hard);
      }
      // Every step before the answer line drew ROLLOUTS completions; the answer line is labelled by the answer check.
      expect(drawn.slice(0, -1).every((b) => b.rollouts === String(ROLLOUTS))).toBe(true);
      drawnSoft = drawn.map((b) => b.soft);

      // What the API saved with the run is what the page drew.
      const detail = await call<RunDetail>("getRun", { runId });
      const saved = detail.annotations[0] as AnnotationView;
      expect(saved).toMatchObject({ key: "solve", method: "mc" });
      expect(saved.solutions[0]?.steps).toHaveLength(steps.length);
      expect(saved.solutions[0]?.soft.map(String)).toEqual(drawnSoft);
      expect(saved.solutions[0]?.hard.map(String)).toEqual(drawn.map((b) => b.hard));
      expect(saved.solutions[0]?.reference).toBe(DEV_REFERENCE);

      // Over the tree: every step of the path that is a tree node carries its label.
      const nodeIds = drawn.map((b) => b.node).filter((id) => id !== "");
      expect(nodeIds.length).toBeGreaterThan(0);
      const labelled = (await page.getByTestId("thought-tree").getAttribute("data-labelled")) ?? "";
      const marks = new Map(labelled.split(" ").map((m) => [m.split(":")[0], m]));
      for (const [i, id] of drawn.entries())
        if (id.node !== "") expect(marks.get(id.node)).toBe(`${id.node}:${saved.solutions[0]?.soft[i]}:${id.hard}`);

      // The labels vary (see DEV_PROBLEM): some step is labelled 1 with a soft label short of 1, some other 0.
      const soft = saved.solutions[0]?.soft ?? [];
      const hard = saved.solutions[0]?.hard ?? [];
      expect(hard).toContain(1);
      expect(hard).toContain(0);
      expect(soft.some((v) => v !== null && v > 0 && v < 1)).toBe(true);
      // What each row shows is its saved label: the bar filled to the soft label, its value to two places, + for 1.
      const rows = await shown();
      expect(rows).toHaveLength(soft.length);
      for (const [i, row] of rows.entries()) {
        const v = soft[i] ?? 0;
        // The browser keeps the inline width to six significant digits (33.3333%).
        expect(Number.parseFloat(row.width)).toBeCloseTo(v * 100, 3);
        expect(row.share).toBeCloseTo(v, 2);
        expect(Number(row.meter)).toBe(v);
        expect(row.value).toBe(v.toFixed(2));
        expect({ mark: row.mark, tone: row.tone }).toEqual(
          hard[i] === 1 ? { mark: "+", tone: "good" } : { mark: "−", tone: "bad" },
        );
      }
      // The tree's rings: green around the nodes labelled 1, red around those labelled 0.
      const rings = await ringColours();
      for (const [i, bar] of drawn.entries())
        if (bar.node !== "") expect(rings.get(bar.node), `ring of step ${i + 1}`).toBe(hard[i] === 1 ? "good" : "bad");
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-labels.png") });
    },
    RUN_TIMEOUT * 2,
  );

  it("shows the saved labels again when the run is reopened (a reload)", async () => {
    await page.reload();
    await page.getByTestId("view-solve").waitFor();
    await page.getByTestId("step-labels").waitFor({ timeout: 30_000 });
    expect((await bars()).map((b) => b.soft)).toEqual(drawnSoft);
    await page.screenshot({ path: join(SCREENSHOTS, "annotate-reopened.png") });
  });

  it("shows the saved labels on the run opened from the history, and opens it in Solve to annotate", async () => {
    await page.getByTestId("tab-experiments").click();
    await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).getByTestId("run-open").click();
    const detail = page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`);
    await detail.getByTestId("step-labels").waitFor();
    expect(
      await detail.getByTestId("step-label").evaluateAll((all) => all.map((el) => el.getAttribute("data-soft"))),
    ).toEqual(drawnSoft);
    await detail.getByTestId("run-open-solve").click();
    await page.getByTestId("view-solve").waitFor();
    await page.getByTestId("annotate-panel").waitFor();
    expect((await bars()).map((b) => b.soft)).toEqual(drawnSoft);
    expect(new URL(page.url()).hash).toBe(`#/solve/run/${runId}`);
  });

  it("exports the labels as TRL stepwise rows: prompt, completions, labels", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-trl-prm").click()]);
    expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
    const path = await download.path();
    const lines = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(0);
    const hard = (await bars()).map((b) => b.hard === "1");
    for (const line of lines) {
      const row = exportSchemas["trl-prm"].parse(JSON.parse(line));
      expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(["completions", "labels", "prompt"]);
      expect(row.prompt).toBe(DEV_PROBLEM);
      expect(row.completions.length).toBe(row.labels.length);
    }
    // The chosen path's row: its labels are the drawn hard labels, cut after the first bad step.
    const first = exportSchemas["trl-prm"].parse(JSON.parse(lines[0] ?? "{}"));
    const cut = hard.indexOf(false);
    expect(first.labels).toEqual(cut < 0 ? hard : hard.slice(0, cut + 1));
    expect(await page.getByTestId("export-error").count()).toBe(0);
  });

  it(
    "cancels an annotation mid-way: nothing saved, the earlier labels stay, the app goes on",
    async () => {
      await page.getByTestId("annotate-rollouts").fill("64");
      await page.getByTestId("annotate-button").click();
      // Cancel once completions are being drawn (the line says how many so far).
      await page
        .locator('[data-testid="annotate-progress"]:text-matches("Annotating step")')
        .waitFor({ timeout: RUN_TIMEOUT });
      await page.getByTestId("annotate-cancel").click();
      expect(await annotationEnded()).toBe("cancelled");
      expect(await page.getByTestId("annotate-progress").textContent()).toMatch(/Cancelled: nothing was saved/);
      expect((await bars()).map((b) => b.soft)).toEqual(drawnSoft);
      const detail = await call<RunDetail>("getRun", { runId });
      expect(detail.annotations[0]?.solutions[0]?.soft.map(String)).toEqual(drawnSoft);
      expect(await page.getByTestId("annotate-button").isEnabled()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-cancelled.png") });
    },
    RUN_TIMEOUT * 2,
  );

  it(
    "asks for the reference answer when the problem has none, naming the field",
    async () => {
      await solve(TYPED_PROBLEM, "mull-policy-2m");
      await page.getByTestId("annotate-reference").waitFor();
      await page.getByTestId("annotate-reference").fill("");
      await page.getByTestId("annotate-rollouts").fill(String(ROLLOUTS));
      await page.getByTestId("annotate-button").click();
      await page.getByTestId("annotate-error").waitFor();
      expect(await page.getByTestId("annotate-error").textContent()).toBe(
        "Give the reference answer to annotate against.",
      );
      await page.getByTestId("annotate-reference").fill("12");
      await page.getByTestId("annotate-button").click();
      expect(await annotationEnded()).toBe("done");
      await page.getByTestId("step-labels").waitFor();
      expect(await page.getByTestId("step-labels").textContent()).toContain("against 12");
      await page.screenshot({ path: join(SCREENSHOTS, "annotate-reference.png") });
    },
    RUN_TIMEOUT * 2,
  );
});
