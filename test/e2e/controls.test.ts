import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProblemView } from "../../src-main/api/mullApi.js";
import {
  SEARCH_PARAMETERS,
  parameterHelpText,
  type SearchParameter,
} from "../../src-main/core/search/searchParameters.js";
import { STRATEGY_NAMES } from "../../src-main/core/search/StrategyName.js";
import type { RecordedBrowser } from "./launchBrowser.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import type { ServedMull } from "./serveMull.js";
import { readFrame } from "./treeFrames.js";

// Part 5 of issue 18 in the real browser on the embedded models: help on every search parameter (the `--help`
// text), the Check arithmetic box's size, Compare's inspector and summary row, the Models view's folder, protected
// bundled profiles and the unsaved-edit prompt, and the Resources view's processes, bars, threads and Unload.
// Screenshots go to the same artifacts folder as app.test.ts (which empties it first, so run this one after it).
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const ROOT = join(import.meta.dirname, "../..");
const RUN_TIMEOUT = 90_000;
const DISCARD_QUESTION = "The profile has unsaved edits. Leave the editor and lose them?";

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
/** The user models folder the server sees: a fresh one, so a user copy never lands in a real home folder. */
const userModels = join(mkdtempSync(join(tmpdir(), "mull-user-models-")), "models");

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const oneLine = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

async function openView(view: "solve" | "compare" | "models" | "resources"): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
}

async function call<T>(method: string, input: object): Promise<T> {
  const res = await fetch(`${mull.origin}/api/call/${method}`, {
    method: "POST",
    headers: { "x-mull-token": mull.token, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const reply = (await res.json()) as { ok: boolean; value: T };
  return reply.value ?? (reply as T);
}

/** Answers the next dialog the page opens (accept or dismiss) and resolves to it. */
function nextDialog(answer: "accept" | "dismiss"): Promise<Dialog> {
  return new Promise((resolve) =>
    page.once("dialog", (dialog) => {
      void (answer === "accept" ? dialog.accept() : dialog.dismiss()).then(() => resolve(dialog));
    }),
  );
}

beforeAll(async () => {
  ({ mull, app, page } = await openServedPage(SCREENSHOTS, { MULL_USER_MODELS: userModels }));
}, 240_000);

afterAll(() => closeServedPage(app, mull));

describe("help on every search parameter", () => {
  it("opens from its ? button (mouse or keyboard) and says exactly what `mull solve --help` says", async () => {
    const help = oneLine(
      execFileSync(process.execPath, ["bin/mull.mjs", "solve", "--help"], { cwd: ROOT, encoding: "utf8" }),
    );
    await openView("solve");
    const form = page.getByTestId("view-solve");
    const seen = new Set<string>();
    for (const strategy of STRATEGY_NAMES) {
      await form.getByTestId("strategy-select").selectOption(strategy);
      const more = form.locator("details", { has: page.locator("summary", { hasText: "More settings" }) });
      if ((await more.count()) > 0 && (await more.getAttribute("open")) === null) await more.locator("summary").click();
      for (const p of SEARCH_PARAMETERS as readonly SearchParameter[]) {
        const button = form.getByTestId(`help-${kebab(p.name)}`);
        if (seen.has(p.name) || (await button.count()) === 0) continue;
        // The first one by keyboard (focus, Enter), the rest by mouse: both must open the same help line.
        if (seen.size === 0) {
          await button.focus();
          await page.keyboard.press("Enter");
        } else await button.click();
        expect(await button.getAttribute("aria-expanded")).toBe("true");
        const line = form.getByTestId(`help-text-${kebab(p.name)}`);
        const text = oneLine(await line.textContent());
        expect(await line.isVisible()).toBe(true);
        expect(text).toBe(parameterHelpText(p));
        expect(help).toContain(text);
        // Ranges and defaults are in the line.
        expect(text).toContain(`default ${p.defaultText}`);
        if (p.type.kind === "integer") expect(text).toContain(`range ${p.type.min} to ${p.type.max}`);
        await button.click();
        expect(await line.count()).toBe(0);
        seen.add(p.name);
      }
    }
    expect([...seen].sort()).toEqual(SEARCH_PARAMETERS.map((p) => p.name).sort());
  });

  it("shows the same help in the Compare form", async () => {
    await openView("compare");
    const form = page.getByTestId("view-compare");
    await form.getByTestId("strategy-select").selectOption("beam");
    await form.getByTestId("help-n").click();
    const n = SEARCH_PARAMETERS.find((p) => p.name === "n") as SearchParameter;
    expect(oneLine(await form.getByTestId("help-text-n").textContent())).toBe(parameterHelpText(n));
    await form.getByTestId("help-n").click();
  });

  it("keeps the Check arithmetic box at least 16 px square with its label on one line", async () => {
    await openView("solve");
    await page.getByTestId("strategy-select").selectOption("beam");
    const box = await page.getByTestId("param-check-arithmetic").boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(16);
    expect(box?.height).toBeGreaterThanOrEqual(16);
    const label = page.getByTestId("param-label-check-arithmetic");
    expect(oneLine(await label.textContent())).toBe("Check arithmetic");
    // An inline label has one client rect per line it takes.
    expect(await label.evaluate((el) => el.getClientRects().length)).toBe(1);
  });
});

describe("Compare: inspector, path steps and summary row", () => {
  it("opens straight from its address, and again on reload, without a console error", async () => {
    const before = app.consoleErrors.length;
    const address = new URL(mull.url);
    address.hash = "#/compare";
    for (const open of [() => page.goto(address.toString()), () => page.reload()]) {
      await open();
      await page.getByTestId("view-compare").waitFor();
      // Two policies are ticked once the library has loaded: the defaults were applied after the page settled.
      await expect.poll(() => page.locator('[data-testid="compare-policy"]:checked').count()).toBe(2);
    }
    // Svelte's effect_update_depth_exceeded (an effect that re-ran itself without end) was reported here.
    expect(app.consoleErrors.slice(before)).toEqual([]);
  });

  it("runs a test-set problem on both policies, agrees or not as the answers say, and marks each right or wrong", async () => {
    const [problem] = await call<ProblemView[]>("listProblems", { set: "test", limit: 1 });
    if (!problem) throw new Error("no test problem");
    await openView("compare");
    await page.getByTestId("problem-input").first().fill(problem.problem);
    for (const name of ["mull-policy-6m", "mull-policy-2m"]) {
      const box = page.locator(`[data-testid="compare-policy"][data-policy="${name}"]`);
      if (!(await box.isChecked())) await box.check();
    }
    await page.getByTestId("strategy-select").selectOption("beam");
    await page.getByTestId("compare-run-button").click();
    await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    const agreement = page.locator('[data-testid="compare-agreement"]:not([data-agree=""])');
    await agreement.waitFor();
    const answers = await page.getByTestId("summary-answer").locator("strong").allTextContents();
    expect(answers).toHaveLength(2);
    // The embedded problems' answers are integers: equal text is agreement, and equality with the reference is right.
    expect(await agreement.getAttribute("data-agree")).toBe(String(answers[0] === answers[1]));
    expect(oneLine(await agreement.textContent())).toContain(`Reference answer (test set): ${problem.answer}`);
    const marks = await page.getByTestId("summary-correct").allTextContents();
    expect(marks.map((m) => m.includes("right"))).toEqual(answers.map((a) => a.trim() === problem.answer));
  });

  it("opens the inspector from a tree node and from an answer step of a column", async () => {
    const column = page.getByTestId("compare-column").first();
    const tree = column.getByTestId("thought-tree");
    const frame = await readFrame(tree);
    const node = frame.chosen.at(-1);
    if (!node) throw new Error("no chosen path drawn");
    await column.getByTestId("tree-canvas").click({ position: { x: node.x, y: node.y } });
    const inspector = page.getByTestId("inspector");
    await inspector.waitFor();
    expect(oneLine(await page.getByTestId("inspector-text").textContent())).not.toBe("");
    await page.getByTestId("inspector-close").click();
    await inspector.waitFor({ state: "detached" });

    const step = column.getByTestId("chosen-path").locator("li button").first();
    const stepText = oneLine(await step.textContent());
    await step.click();
    await inspector.waitFor();
    expect(oneLine(await page.getByTestId("inspector-text").textContent())).toBe(stepText);

    // With the inspector open the columns are narrow: each tree still gets a usable canvas (the toolbar folds its
    // legend rather than wrapping over it), and the chosen path lists every step, dot and text on one line.
    for (const each of await page.getByTestId("compare-column").all()) {
      const canvas = await each.getByTestId("tree-canvas").boundingBox();
      expect(canvas?.height).toBeGreaterThanOrEqual(280);
      const steps = each.getByTestId("chosen-path").locator("li");
      expect(await steps.count()).toBeGreaterThan(0);
      for (const li of await steps.all()) {
        const [dot, text] = await Promise.all([
          li.locator(".dot").boundingBox(),
          li.locator("button, span:not(.dot)").first().boundingBox(),
        ]);
        if (dot && text) expect(Math.abs(dot.y - text.y)).toBeLessThan(12);
      }
      const last = steps.last();
      await last.scrollIntoViewIfNeeded();
      expect(await last.isVisible()).toBe(true);
      // Nothing of the answer panel is scrolled away inside it: the last step is laid out in full, not cut off.
      const panel = each.getByTestId("answer-panel");
      expect(await panel.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    }
    // The screenshot shows the summary row above the columns: scroll the results back to their top.
    await page.getByTestId("compare-summary").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "compare-inspector.png") });
  });
});

describe("Models: the user folder, protected bundled profiles, unsaved edits", () => {
  it("shows the user models folder and copies its path", async () => {
    await app.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: mull.origin });
    await openView("models");
    await expect.poll(() => page.getByTestId("user-models-path").textContent()).toBe(userModels);
    await page.getByTestId("copy-models-folder").click();
    await page.getByTestId("copied").waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(userModels);
  });

  it("saves an edit of a bundled profile as a user copy and leaves the bundled file as shipped", async () => {
    const bundledProfile = join(ROOT, "models/mull-policy-2m.profile.json");
    const shipped = readFileSync(bundledProfile, "utf8");
    const row = page.locator('[data-testid="model-row"][data-model="mull-policy-2m"]').first();
    await row.getByTestId("model-profile").click();
    await page.getByTestId("profile-protected").waitFor();
    const editor = page.getByTestId("profile-text");
    const text = await editor.inputValue();
    await editor.fill(text.replace(/"maxSteps": \d+/, '"maxSteps": 9'));
    await page.getByTestId("profile-save").click();
    const copied = page.getByTestId("profile-copied");
    await copied.waitFor();
    expect(await copied.textContent()).toContain(join(userModels, "mull-policy-2m.gguf"));
    expect(readFileSync(bundledProfile, "utf8")).toBe(shipped);
    expect(JSON.parse(readFileSync(join(userModels, "mull-policy-2m.profile.json"), "utf8")).maxSteps).toBe(9);
    expect(existsSync(join(userModels, "mull-policy-2m.gguf"))).toBe(true);
    await expect.poll(() => page.locator('[data-testid="model-row"][data-model="mull-policy-2m"]').count()).toBe(2);
  });

  it("tells the user copy from the bundled model in every list of policies", async () => {
    const copy = "mull-policy-2m (your copy)";
    const bundled = "mull-policy-2m (bundled)";
    await openView("solve");
    const options = (await page.getByTestId("policy-select").locator("option").allTextContents()).map(oneLine);
    expect(options.filter((o) => o.startsWith("mull-policy-2m"))).toEqual([
      expect.stringMatching(/^mull-policy-2m \(bundled(, \w+)?\)$/),
      expect.stringMatching(/^mull-policy-2m \(your copy(, \w+)?\)$/),
    ]);
    await openView("compare");
    const labels = async (testid: string) =>
      (await page.getByTestId(testid).locator("xpath=..").allTextContents()).map(oneLine);
    expect((await labels("compare-policy")).filter((l) => l.startsWith("mull-policy-2m"))).toEqual([bundled, copy]);
    await page.getByTestId("tab-experiments").click();
    await page.getByTestId("view-experiments").waitFor();
    expect((await labels("sweep-policy")).filter((l) => l.startsWith("mull-policy-2m"))).toEqual([bundled, copy]);
    await openView("models");
    await page
      .locator('[data-testid="model-row"][data-model="mull-policy-2m"]')
      .first()
      .getByTestId("model-profile")
      .click();
    await page.getByTestId("profile-editor").waitFor();
  });

  it("asks before dropping unsaved edits: switching model, switching tab, closing the page", async () => {
    const editor = page.getByTestId("profile-text");
    await editor.click(); // a real click: Chromium asks before unload only on a page the person has used
    await editor.fill((await editor.inputValue()).replace(/"maxSteps": \d+/, '"maxSteps": 8'));
    expect(await page.getByTestId("profile-editor").locator("h3").textContent()).toContain("(unsaved)");

    let dialog = nextDialog("dismiss");
    await page.locator('[data-testid="model-row"][data-model="mull-policy-6m"]').getByTestId("model-profile").click();
    expect((await dialog).message()).toBe(DISCARD_QUESTION);
    expect(await editor.inputValue()).toContain('"maxSteps": 8');

    dialog = nextDialog("dismiss");
    await page.getByTestId("tab-solve").click();
    expect((await dialog).type()).toBe("confirm");
    expect(await page.getByTestId("view-models").count()).toBe(1);

    dialog = nextDialog("accept");
    const reload = page.reload();
    expect((await dialog).type()).toBe("beforeunload");
    await reload;
    // The page came back (on whichever view its address names) without the dropped draft.
    await page.locator('[role="tabpanel"]').waitFor();
    await page.getByTestId("tab-models").click();
    await page.getByTestId("model-table").waitFor();
    expect(await page.getByTestId("profile-editor").count()).toBe(0);
  });
});

describe("Resources: processes, labelled bars, threads, Unload", () => {
  async function loadedPolicies(): Promise<string[]> {
    return page
      .getByTestId("loaded-policy")
      .evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { model?: string } }).dataset.model ?? ""));
  }

  it("names this process and the engine process, labels its bars and shows threads", async () => {
    // The compare above loaded both policies in the engine process (this server's, not the reloaded page's).
    await openView("resources");
    await expect.poll(loadedPolicies).toEqual(expect.arrayContaining(["mull-policy-6m", "mull-policy-2m"]));
    const self = oneLine(await page.getByTestId("this-process").textContent());
    const engine = oneLine(await page.getByTestId("engine-process").textContent());
    expect(self).toMatch(/This process .*Mull server \(Node \d+\.\d+\.\d+\), pid \d+/);
    expect(engine).toMatch(/Engine process .*pid \d+/);
    expect(/pid (\d+)/.exec(self)?.[1]).not.toBe(/pid (\d+)/.exec(engine)?.[1]);
    expect(oneLine(await page.getByTestId("ram-caption").textContent())).toMatch(/machine's memory.*bytes/);
    expect(await page.getByTestId("ram-part").count()).toBe(2);
    for (const threads of await page.getByTestId("policy-threads").allTextContents())
      expect(oneLine(threads)).toMatch(/^\d+ llama\.cpp threads?, context \d+ tokens, idle$/);
    // The beam compare scored with the PRM: onnxruntime's threads are shown for it.
    expect(oneLine(await page.getByTestId("prm-threads").first().textContent())).toMatch(
      /^\d+ onnxruntime intra-op threads?, idle$/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, "resources.png") });
  });

  it("unloads an idle model, refuses one a run is using, and a following run loads it again", async () => {
    await page.locator('[data-testid="unload-model"][data-model="mull-policy-2m"]').click();
    await expect.poll(loadedPolicies).toEqual(["mull-policy-6m"]);

    // A long best-of-4096 on the 6M policy holds it: Unload is refused in a sentence, and the model stays. Not a long
    // MCTS: on an easy problem its tree is exhausted in under a second (every later iteration revisits the same
    // answer), so the run is over on the main side before Cancel is pressed, and the test would wait on the page
    // replaying tens of thousands of visit events instead of on a cancel.
    await openView("solve");
    await page.getByTestId("strategy-select").selectOption("best-of-n");
    await page.getByTestId("param-n").fill("4096");
    // Caps far above what the test waits for, so that the run is still going when it is cancelled.
    await page.getByTestId("cap-generatedTokens").fill("1000000");
    await page.getByTestId("cap-ms").fill("600000");
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run-status"][data-status="running"]').waitFor();
    await openView("resources");
    const busy = page.locator('[data-testid="loaded-policy"][data-model="mull-policy-6m"]');
    await expect.poll(() => busy.getByTestId("policy-threads").textContent()).toMatch(/in use by a run/);
    await busy.getByTestId("unload-model").click();
    await expect
      .poll(() => page.getByTestId("unload-error").textContent())
      .toBe("mull-policy-6m is in use by a run; unload it when the run has finished or been cancelled");
    expect(await loadedPolicies()).toContain("mull-policy-6m");
    await openView("solve");
    await page.getByTestId("cancel-button").click();
    const status = page.locator('[data-testid="run-status"]:not([data-status="running"])');
    await status.waitFor({ timeout: 30_000 });
    expect(
      `${await status.getAttribute("data-status")}: ${await page.getByTestId("answer-panel").textContent()} ${await page
        .getByTestId("solve-error")
        .textContent()
        .catch(() => "")}`,
    ).toMatch(/^cancelled/);

    // Now idle, it unloads; the next run loads it again and still answers.
    await openView("resources");
    await page.locator('[data-testid="unload-model"][data-model="mull-policy-6m"]').click();
    await expect.poll(loadedPolicies).toEqual([]);
    await openView("solve");
    await page.getByTestId("problem-input").first().fill("Solve for x: 2x + 3 = 7");
    await page.getByTestId("strategy-select").selectOption("greedy");
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    expect(oneLine(await page.getByTestId("answer").textContent())).not.toBe("");
    await openView("resources");
    await expect.poll(loadedPolicies).toEqual(["mull-policy-6m"]);
  });
});
