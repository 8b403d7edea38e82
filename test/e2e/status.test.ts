import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { serveMull, type ServedMull } from "./serveMull.js";

// Honest status, and no lost work (issue 18, part 4): the real `mull serve` on the embedded models, driven through
// Debian's Chromium. The tests run in order on one page, as a person's session would: a cold first run, a form
// that warns and refuses, then a server restarted under the open tab.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const RUN_TIMEOUT = 90_000;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;

const byId = (id: string) => page.getByTestId(id);
const done = () => page.locator('[data-testid="run-status"][data-status="done"]');
const nodeCount = async () => Number(await byId("thought-tree").getAttribute("data-node-count"));

/** Whether the element lies wholly inside the 1280×800 window (not scrolled or pushed off its edges). */
async function inWindow(id: string): Promise<boolean> {
  const box = await byId(id).first().boundingBox();
  const size = page.viewportSize();
  return (
    box !== null && size !== null && box.y >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width
  );
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mull = await serveMull(); // builds out/ when it is missing or older than the sources
  app = await launchBrowser();
  page = app.page;
  await page.goto(mull.url);
  await byId("view-solve").waitFor();
}, 240_000);

afterAll(async () => {
  await app?.close();
  await mull?.stop();
});

describe("a cold start says what it waits on", () => {
  it("shows the model loading with its progress on the first run, then the time to the first node", async () => {
    await byId("problem-input").fill("Solve for x: 2x + 3 = 7");
    await byId("run-button").click();
    const line = byId("run-status-line");
    // Nothing is loaded before this run: the policy's load is said, with its stage and share done. Loading
    // llama.cpp's bindings (from 30%) takes over a second on a CPU, long enough to be seen on every cold start.
    const loading = /^Loading mull-policy-6m \([1-9]\d%\): [a-z .]+…$/;
    await line.filter({ hasText: loading }).waitFor({ timeout: RUN_TIMEOUT });
    await page.screenshot({ path: join(SCREENSHOTS, "status-loading.png") });
    await done().waitFor({ timeout: RUN_TIMEOUT });
    const firstNode = await line.textContent();
    expect(firstNode).toMatch(/^first node after \d+(\.\d)? m?s$/);
    console.log(`cold start in the browser: ${firstNode}`);
    expect(await nodeCount()).toBeGreaterThan(1);
    await byId("answer").waitFor();
  });
});

describe("the form warns before a cap cuts a run short", () => {
  it("warns for best-of-256 under the default 4,000-token cap, and not once the cap is raised", async () => {
    expect(await byId("cap-warning").count()).toBe(0); // beam with n 8 fits in 4,000 tokens
    await byId("strategy-select").selectOption("best-of-n");
    await byId("param-n").fill("256");
    await expect
      .poll(() => byId("cap-warning").textContent())
      .toBe(
        "256 samples of ~67 tokens need about 17,000 generated tokens; the cap is 4,000, so most samples will not " +
          "finish. Raise the generated-tokens cap or lower n.",
      );
    // Seen where Run is, and Run not pushed off the bottom of a 1280×800 window by it.
    expect(await inWindow("cap-warning")).toBe(true);
    expect(await inWindow("run-button")).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "cap-warning.png") });
    // Best-of-64 needs ~4,300 tokens (67 a sample): the default cap stops it, and the form says so before Run.
    await byId("param-n").fill("64");
    await expect
      .poll(() => byId("cap-warning").textContent())
      .toMatch(/^64 samples of ~67 tokens need about 4,300 generated tokens; the cap is 4,000, so some samples/);
    expect(await inWindow("cap-warning")).toBe(true);
    await byId("cap-generatedTokens").fill("20000");
    await byId("cap-warning").waitFor({ state: "detached" });
    // Back to the settings of the run on screen.
    await byId("cap-generatedTokens").fill("4000");
    await byId("strategy-select").selectOption("beam");
    await byId("param-n").fill("8");
    await byId("cap-warning").waitFor({ state: "detached" });
  });
});

describe("a refused request loses nothing", () => {
  it("refuses n = 100000 in a plain sentence, by Enter and by Run alike, keeping the tree and answer", async () => {
    const nodes = await nodeCount();
    const answer = await byId("answer").textContent();
    const error = byId("solve-error");
    const refusal = "n must be a whole number from 1 to 4096 (got 100000).";

    await byId("param-n").fill("100000");
    await byId("param-n").press("Enter");
    await expect.poll(() => error.textContent()).toBe(refusal);
    // The field at fault is marked (also while it keeps the focus), and the sentence is in the window, by Run.
    expect(await byId("param-n").getAttribute("aria-invalid")).toBe("true");
    // Focused, its ring is the red of its border, not the blue focus ring that hid the red before.
    const [outline, border] = (await page.evaluate(
      `(() => { const el = document.querySelector('[data-testid="param-n"]'); el.focus();
        const s = getComputedStyle(el); return [s.outlineColor, s.borderTopColor]; })()`,
    )) as [string, string];
    expect(outline).toBe(border);
    expect(await byId("param-width").getAttribute("aria-invalid")).toBeNull();
    expect(await inWindow("solve-error")).toBe(true);
    expect(await inWindow("run-button")).toBe(true);
    expect(await nodeCount()).toBe(nodes);
    expect(await byId("answer").textContent()).toBe(answer);
    await done().waitFor(); // the last run's status, not "failed"

    // Fixing the field clears its error; the same value sent with Run is refused in the same words.
    await byId("param-n").fill("8");
    await error.waitFor({ state: "detached" });
    await byId("param-n").fill("100000");
    await byId("run-button").click();
    await expect.poll(() => error.textContent()).toBe(refusal);
    expect(await nodeCount()).toBe(nodes);
    expect(await byId("answer").textContent()).toBe(answer);
    await byId("param-n").fill("8");
    await error.waitFor({ state: "detached" });
  });

  it("refuses a width that does not divide n, naming both, and keeps the tree", async () => {
    const nodes = await nodeCount();
    const error = byId("solve-error");
    await byId("param-width").fill("3");
    await byId("problem-input").press("Enter");
    await expect.poll(() => error.textContent()).toBe("Width (3) must divide n (8).");
    expect(await byId("param-width").getAttribute("aria-invalid")).toBe("true");
    expect(await inWindow("solve-error")).toBe(true);
    await byId("param-width").fill("4");
    await error.waitFor({ state: "detached" });
    await byId("param-width").fill("3");
    await byId("run-button").click();
    await expect.poll(() => error.textContent()).toBe("Width (3) must divide n (8).");
    expect(await nodeCount()).toBe(nodes);
    await byId("param-width").fill("4");
    await error.waitFor({ state: "detached" });
  });
});

describe("a server restarted under an open tab", () => {
  it("tells the open tab what happened and how to get back in; a reload shows a page, not JSON", async () => {
    const nodes = await nodeCount();
    const { port } = new URL(mull.url);
    const oldToken = mull.token;
    await mull.stop();
    mull = await serveMull({}, undefined, Number(port)); // the same address, a new token
    expect(mull.token).not.toBe(oldToken);

    await byId("run-button").click();
    const banner = byId("connection-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      "This Mull server was restarted or the link is old: open the address printed by `mull serve` (it carries a " +
        "new token).",
    );
    expect(await nodeCount()).toBe(nodes); // the tab keeps what it showed

    // The notice sits under the header, not over it: the tabs stay clickable while it shows, and it closes.
    const bannerBox = await banner.boundingBox();
    const headerBox = await page.locator("header").boundingBox();
    expect(bannerBox!.y).toBeGreaterThanOrEqual(headerBox!.y + headerBox!.height - 1);
    await byId("tab-experiments").click(); // a covered tab would time out here: the click would hit the banner
    await byId("view-experiments").waitFor();
    await byId("tab-solve").click();
    await byId("view-solve").waitFor();
    await byId("banner-close").click();
    await banner.waitFor({ state: "detached" });

    await page.reload();
    await byId("token-refused").waitFor();
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body.trim().startsWith("{")).toBe(false);
    expect(body).toContain("This Mull server was restarted, or the link is old");
    expect(body).toContain("Open the address printed by mull serve");

    // The address the new server printed gets back in.
    await page.goto(mull.url);
    await byId("view-solve").waitFor();
    expect(await byId("connection-banner").count()).toBe(0);
  });
});

describe("Compare says what it waits on too", () => {
  it("shows the cold load of the new server's engines above the columns, then the time to the first node", async () => {
    await byId("tab-compare").click();
    await byId("view-compare").waitFor();
    await byId("strategy-select").selectOption("greedy");
    await byId("compare-run-button").click();
    const line = byId("compare-status-line");
    // The server restarted in the test before: its engine process starts afresh with this run.
    await line.filter({ hasText: /^Loading mull-policy-\dm \(\d+%\): [a-z .]+…$/ }).waitFor({ timeout: RUN_TIMEOUT });
    await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: RUN_TIMEOUT });
    expect(await line.textContent()).toMatch(/^first node after \d+(\.\d)? m?s$/);
  });
});
