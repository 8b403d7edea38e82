import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProgram } from "../../src-renderer/src/stores/formatProgram.js";
import { isLoopback, type RecordedBrowser } from "./launchBrowser.js";
import { closeServedPage, openServedPage } from "./openServedPage.js";
import type { ServedMull } from "./serveMull.js";

// The Prove view (Proof of Thought) in a real browser on `mull serve`, proving with the embedded prover
// (models/mull-prover.gguf) and checking edited programs with the real Z3. The model's program differs from one
// checkpoint to the next, so its run is checked for what the view must show whatever it wrote: every attempt with
// its errors, a verdict, and for a compiled program its DSL and first-order logic. Hand-written programs, whose
// verdicts are known, check the rest. The tests run in order on one page.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const PROVE_TIMEOUT = 240_000;
const RETRIES = 2;

/** Every wumpus is a yumpus; Max is a wumpus; Rex is a jompus and no jompus is a yumpus (a distractor). */
const SYLLOGISM = {
  sorts: [{ name: "entity" }],
  constants: [
    { name: "Max", sort: "entity" },
    { name: "Rex", sort: "entity" },
  ],
  predicates: [
    { name: "wumpus", args: ["entity"] },
    { name: "yumpus", args: ["entity"] },
    { name: "jompus", args: ["entity"] },
  ],
  facts: [
    { pred: "jompus", args: ["Rex"] },
    { pred: "wumpus", args: ["Max"] },
  ],
  rules: [
    {
      forall: [{ name: "x", sort: "entity" }],
      body: { implies: [{ pred: "jompus", args: ["x"] }, { not: { pred: "yumpus", args: ["x"] } }] },
    },
    {
      forall: [{ name: "x", sort: "entity" }],
      body: {
        implies: [
          { pred: "wumpus", args: ["x"] },
          { pred: "yumpus", args: ["x"] },
        ],
      },
    },
  ],
  verifications: [{ name: "claim", claim: { pred: "yumpus", args: ["Max"] } }],
};

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
/** The model's run: its address, verdict and number of attempts, to compare with the run reopened. */
let proved: { hash: string; verdict: string; attempts: number } | null = null;

const status = (value: string) => page.locator(`[data-testid="prove-status"][data-status="${value}"]`);
const text = async (testid: string) => (await page.getByTestId(testid).first().textContent()) ?? "";

/** Waits until the run ends (any final status), failing at once with the view's error line if it did not start. */
async function runEnded(): Promise<string> {
  const ended = page.locator(
    '[data-testid="prove-status"]:is([data-status="done"], [data-status="failed"], [data-status="cancelled"], [data-status="interrupted"])',
  );
  await ended.waitFor({ timeout: PROVE_TIMEOUT });
  return (await ended.getAttribute("data-status")) ?? "";
}

/** The text selected in the program editor (the page's types are not the test's: it has no DOM library). */
async function selection(): Promise<string> {
  return page.getByTestId("program-editor").evaluate((element) => {
    const area = element as unknown as { value: string; selectionStart: number; selectionEnd: number };
    return area.value.slice(area.selectionStart, area.selectionEnd);
  });
}

/** Puts `program` in the editor and presses Check again; waits for the check to finish. */
async function checkProgram(program: string): Promise<void> {
  await page.getByTestId("program-editor").fill(program);
  await page.getByTestId("program-check").click();
  await page.locator('[data-testid="program-check"]:text-is("Check again")').waitFor();
}

beforeAll(async () => {
  for (const name of [
    "prove-view.png",
    "prove-edited.png",
    "prove-dark.png",
    "prove-unknown.png",
    "prove-type-error.png",
  ])
    rmSync(join(SCREENSHOTS, name), { force: true });
  ({ mull, app, page } = await openServedPage(SCREENSHOTS));
  await page.getByTestId("tab-prove").click();
  await page.getByTestId("view-prove").waitFor();
}, 240_000);

afterAll(async () => {
  await closeServedPage(app, mull);
});

describe("the Prove view in Chromium", () => {
  it("keeps Prove off with a hint while the question is empty", async () => {
    const question = page.getByTestId("prove-question");
    await question.fill("   ");
    expect(await page.getByTestId("prove-run").isDisabled()).toBe(true);
    expect(await text("prove-hint")).toMatch(/Type a question or pick an example/);
    await question.fill("Max is a wumpus. True or false: Max is a wumpus.");
    await page.locator('[data-testid="prove-run"]:not([disabled])').waitFor();
    await page.getByTestId("prove-hint").waitFor({ state: "detached" });
  });

  it(
    "proves a dev question: each program the model wrote with its errors, then the verdict, program and logic",
    async () => {
      const pick = page.getByTestId("prove-example");
      await expect.poll(() => pick.locator("option").count()).toBeGreaterThan(3);
      // The examples are spread over the hop counts; the first is a one-hop question of the dev split.
      await pick.selectOption({ index: 1 });
      const question = await page.getByTestId("prove-question").inputValue();
      expect(question).toMatch(/True or false: .+\.$/);
      await page.getByTestId("prove-retries").fill(String(RETRIES));

      await page.getByTestId("prove-run").click();
      // While it runs, the line beside Prove says what it is doing.
      await page
        .getByTestId("prove-stage")
        .or(page.getByTestId("prove-verdict"))
        .or(page.getByTestId("prove-error"))
        .first()
        .waitFor({ timeout: PROVE_TIMEOUT });
      // (A run can end before the page looks: the line is checked while it is there.)
      const stage =
        (await page
          .getByTestId("prove-stage")
          .textContent({ timeout: 1 })
          .catch(() => null)) ?? "";
      if (stage !== "") expect(stage).toMatch(/^(Starting…|Loading the prover|Program \d+ refused|Program accepted)/);
      const ended = await runEnded();
      if (ended !== "done") throw new Error(`the prove run ended ${ended}: ${await text("prove-verdict-why")}`);
      expect(await text("prove-shown-question")).toBe(question);

      // Every program the model wrote is listed; all but an accepted last one with their errors, by pointer.
      const attempts = page.getByTestId("prove-attempt");
      const count = await attempts.count();
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(RETRIES + 1);
      for (let i = 0; i < count - 1; i++) {
        expect(await attempts.nth(i).getAttribute("data-accepted")).toBe("false");
        expect(await attempts.nth(i).getByTestId("attempt-error").count()).toBeGreaterThan(0);
      }

      const panel = page.getByTestId("prove-verdict");
      const verdict = (await panel.getAttribute("data-verdict")) ?? "";
      expect(["true", "false", "unknown", "error"]).toContain(verdict);
      expect(await text("prove-verdict-why")).toMatch(/\S.*\.$/);
      if (verdict === "error") {
        // No program compiled: every attempt was refused, each with its errors; the last is in the editor to fix.
        expect(await text("prove-verdict-title")).toBe("No program compiled");
        expect(count).toBe(RETRIES + 1);
        expect(await attempts.last().getAttribute("data-accepted")).toBe("false");
        expect(await page.getByTestId("program-editor").inputValue()).not.toBe("");
        expect(await page.getByTestId("program-error").count()).toBe(
          await attempts.last().getByTestId("attempt-error").count(),
        );
      } else {
        expect(await attempts.last().getAttribute("data-accepted")).toBe("true");
        expect(await text("prove-verdict-title")).toBe({ true: "True", false: "False", unknown: "Unknown" }[verdict]);
        // The accepted program as indented DSL in the editor, and as first-order logic drawn by KaTeX (MathML).
        const program = JSON.parse(await page.getByTestId("program-editor").inputValue()) as {
          facts: unknown[];
          rules: unknown[];
          verifications: unknown[];
        };
        expect(program.verifications.length).toBeGreaterThanOrEqual(1);
        const lines = page.getByTestId("fol-line");
        expect(await lines.count()).toBe(program.facts.length + program.rules.length + program.verifications.length);
        expect(await page.locator('[data-testid="fol-line"][data-pointer="/verifications/0"] math').count()).toBe(1);
        // The facts and rules of Z3's unsat core are the lines marked, and no others.
        const core = ((await panel.getAttribute("data-core")) ?? "").split(" ").filter(Boolean);
        if (verdict === "true" || verdict === "false") expect(core.length).toBeGreaterThan(0);
        const marked = await page
          .locator('[data-testid="fol-line"][data-core="true"]')
          .evaluateAll((all) => all.map((l) => l.getAttribute("data-pointer")));
        expect(marked.sort()).toEqual(core.map((label) => `/${label}`).sort());
        if (verdict === "unknown") expect(await text("prove-verdict-why")).toMatch(/model|could not decide/);
      }
      await page.screenshot({ path: join(SCREENSHOTS, "prove-view.png") });
      // A refused program goes into the editor with its errors, to be fixed by hand.
      if (count > 1 || verdict === "error") {
        await attempts.first().getByTestId("attempt-edit").click();
        expect(await page.getByTestId("program-error").count()).toBe(
          await attempts.first().getByTestId("attempt-error").count(),
        );
      }
      proved = { hash: new URL(page.url()).hash, verdict, attempts: count };
      expect(proved.hash).toMatch(/^#\/prove\/run\/\d+$/);
    },
    PROVE_TIMEOUT,
  );

  it("reopens the run from its address after a reload, and from the run history: the same attempts and verdict", async () => {
    if (!proved) throw new Error("the prove run above did not finish");
    await page.reload();
    await page.getByTestId("view-prove").waitFor();
    expect(new URL(page.url()).hash).toBe(proved.hash);
    await page.locator(`[data-testid="prove-verdict"][data-verdict="${proved.verdict}"]`).waitFor();
    expect(await page.getByTestId("prove-attempt").count()).toBe(proved.attempts);

    // The run history lists it; Show in Prove brings it back here.
    const runId = proved.hash.split("/").at(-1);
    await page.getByTestId("tab-experiments").click();
    await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).getByTestId("run-open").click();
    await page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`).getByTestId("run-open-prove").click();
    await page.getByTestId("view-prove").waitFor();
    expect(new URL(page.url()).hash).toBe(proved.hash);
    await page.locator(`[data-testid="prove-verdict"][data-verdict="${proved.verdict}"]`).waitFor();
  });

  it("checks a hand-written syllogism with no model: True, with the fact and rule it used marked", async () => {
    await checkProgram(formatProgram(SYLLOGISM));
    const panel = page.locator('[data-testid="prove-verdict"][data-verdict="true"]');
    await panel.waitFor();
    expect(await text("prove-verdict-meta")).toMatch(/edited program · Z3 unsat in \d+ ms/);
    // Max is a wumpus (fact 2) and every wumpus is a yumpus (rule 2): the jompus fact and rule are not used.
    expect(await panel.getAttribute("data-core")).toBe("facts/1 rules/1");
    expect(await text("prove-verdict-why")).toBe(
      "The facts and rules entail the claim: Z3 found ¬claim unsatisfiable with fact 2 and rule 2.",
    );
    const marked = await page
      .locator('[data-testid="fol-line"][data-core="true"]')
      .evaluateAll((all) => all.map((l) => l.getAttribute("data-pointer")));
    expect(marked).toEqual(["/facts/1", "/rules/1"]);
    expect(await page.locator('[data-testid="fol-line"][data-pointer="/rules/1"]').textContent()).toContain(
      "∀x (wumpus(x) → yumpus(x))",
    );
    expect(await page.locator('[data-testid="fol-line"] math').count()).toBe(5);
    expect(await page.getByTestId("program-errors").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "prove-edited.png") });

    // The same in the dark theme (system → light → dark), then back to the system's.
    const toggle = page.getByTestId("theme-toggle");
    for (let i = 0; i < 3 && (await toggle.getAttribute("data-theme")) !== "dark"; i++) await toggle.click();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.screenshot({ path: join(SCREENSHOTS, "prove-dark.png") });
    for (let i = 0; i < 3 && !(await toggle.textContent())?.includes("system"); i++) await toggle.click();
  });

  it("calls a claim the facts do not settle Unknown, with a countermodel in which it is false", async () => {
    const open = structuredClone(SYLLOGISM);
    open.facts = [{ pred: "jompus", args: ["Rex"] }]; // Max is no longer a wumpus
    await checkProgram(formatProgram(open));
    await page.locator('[data-testid="prove-verdict"][data-verdict="unknown"]').waitFor();
    expect(await text("prove-verdict-title")).toBe("Unknown");
    expect(await text("prove-verdict-why")).toMatch(/Neither the claim nor its negation follows/);
    const model = page.getByTestId("prove-countermodel");
    const yumpus = await model
      .locator("tr", { has: page.locator('th:text-is("yumpus")') })
      .locator("td")
      .textContent();
    expect(yumpus).toMatch(/^\{.*\}$/);
    expect(yumpus).not.toContain("Max"); // the claim yumpus(Max) is false there
    expect(await page.locator('[data-testid="fol-line"][data-core="true"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "prove-unknown.png") });
  });

  it("says where an edited program goes wrong: a type error by its pointer, bad JSON by line and column", async () => {
    const broken = structuredClone(SYLLOGISM);
    broken.facts[1] = { pred: "wumpus", args: ["Max", "Rex"] };
    await checkProgram(formatProgram(broken));
    const error = page.locator('[data-testid="program-error"][data-pointer="/facts/1"]');
    await error.waitFor();
    expect(await error.textContent()).toContain("predicate wumpus expects 1 argument, got 2");
    // Clicking the error selects the node it points at in the editor.
    await error.getByTestId("program-error-show").click();
    expect(JSON.parse(await selection())).toEqual({ pred: "wumpus", args: ["Max", "Rex"] });
    // The verdict on screen is still the last good program's, and says the editor has moved on from it.
    await page.getByTestId("prove-verdict-stale").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "prove-type-error.png") });

    await checkProgram('{\n  "sorts": [\n    { "name": "entity" }\n  ],\n  "constants": [}\n');
    await expect.poll(() => text("program-error")).toMatch(/not valid JSON: line 5, column 17/);
    await page.getByTestId("program-error-show").click();
    expect(await selection()).toBe("}");
  });

  it(
    "cancels a prove while the model writes, and keeps Prove usable",
    async () => {
      await page
        .getByTestId("prove-example")
        .selectOption({ index: (await page.locator('[data-testid="prove-example"] option').count()) - 1 });
      await page.getByTestId("prove-run").click();
      await status("running").waitFor({ timeout: 30_000 });
      await page.getByTestId("prove-cancel").click();
      expect(await runEnded()).toBe("cancelled");
      await page.locator('[data-testid="prove-verdict"][data-verdict="error"]').waitFor();
      expect(await text("prove-verdict-title")).toBe("Cancelled");
      await page.locator('[data-testid="prove-run"]:not([disabled])').waitFor();
    },
    PROVE_TIMEOUT,
  );

  it("made no request that left the machine, and broke no content-security rule", () => {
    expect(app.requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(app.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
