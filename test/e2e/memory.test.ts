import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { serveMull, type ServedMull } from "./serveMull.js";

// The Memory view (PRISM structured memory) in a real browser on `mull serve`, reading with the embedded reader
// (models/mull-reader.gguf). The tests run in order on one page: the read made early is reopened later.
// MULL_E2E_READER names another reader to select (a model of the library whose path contains it, e.g. one in
// MULL_USER_MODELS), to check the flow where the embedded reader is not there; unset, the default reader reads.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const READ_TIMEOUT = 240_000;
const READER = process.env.MULL_E2E_READER;
/** About 3,000 characters of a ledger document: a dozen 64-token chunks, seconds on a CPU. */
const EXCERPT_CHARS = 3000;

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;
/** What the memory tree showed for each chunk during the live read, by chunk index. */
const liveTrees = new Map<number, string>();
let readChunks = 0;

const count = async (testid: string) => Number((await page.getByTestId(testid).textContent())?.replace(/\D/g, ""));
const status = (value: string) => page.locator(`[data-testid="memory-status"][data-status="${value}"]`);

/** Waits for the read's first chunk; fails at once with the view's error line if the read cannot start. */
async function firstChunk(): Promise<void> {
  const read = page.locator('[data-testid="chunk-0"]:not([data-state="unread"])');
  const error = page.getByTestId("memory-error");
  await read.or(error).first().waitFor({ timeout: READ_TIMEOUT });
  if (await error.isVisible()) throw new Error(`the read did not start: ${await error.textContent()}`);
}

async function selectChunk(index: number): Promise<void> {
  await page.getByTestId(`chunk-${index}`).click();
  await page.locator(`[data-testid="chunk-${index}"][aria-selected="true"]`).waitFor();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  rmSync(join(SCREENSHOTS, "memory-view.png"), { force: true });
  mull = await serveMull(); // it builds the app when out/ is missing or older than the sources
  app = await launchBrowser();
  page = app.page;
  await page.goto(mull.url);
  await page.getByTestId("tab-memory").click();
  await page.getByTestId("view-memory").waitFor();
}, 240_000);

afterAll(async () => {
  await app?.close();
  await mull?.stop();
});

describe("the Memory view in Chromium", () => {
  it("says what is wrong with an invalid schema under the editor and keeps Run off until it is fixed", async () => {
    const editor = page.getByTestId("schema-editor");
    // The editor opens on the ledger's schema, checked valid in place.
    await page.locator('[data-testid="memory-run"]:not([disabled])').waitFor();
    const ledger = await editor.inputValue();
    expect(JSON.parse(ledger)).toMatchObject({ type: "object" });

    await editor.fill('{"type": "object", "properties": {"at": {"type": "place"}}}');
    const error = page.getByTestId("schema-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\/properties\/at\/type/);
    expect(await page.getByTestId("memory-run").isDisabled()).toBe(true);

    await editor.fill("{ not json");
    await expect.poll(() => error.textContent()).toMatch(/not valid JSON/);

    await editor.fill(ledger);
    await error.waitFor({ state: "detached" });
    await page.locator('[data-testid="memory-run"]:not([disabled])').waitFor();
  });

  it("refuses a binary file in place and keeps the text", async () => {
    await page.getByTestId("memory-file").setInputFiles({
      name: "image.png",
      mimeType: "image/png",
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]),
    });
    expect(await page.getByTestId("file-error").textContent()).toMatch(/“image\.png” is binary/);
    expect(await page.getByTestId("memory-text").inputValue()).toBe("");
  });

  it(
    "reads the start of a ledger document: chunks, revisions marked in the memory, the cache, the answers",
    async () => {
      const pick = page.getByTestId("memory-document-pick");
      await expect.poll(() => pick.locator("option").count()).toBeGreaterThan(1);
      await pick.selectOption("ledger-test-001");
      // Picking fills the text and offers the document's questions, with the expected answer.
      await page.getByTestId("memory-question-pick").selectOption({ index: 1 });
      const question = await page.getByTestId("memory-question").inputValue();
      expect(question).toMatch(/\?$/);
      await page.getByTestId("expected-answer").waitFor();
      const text = await page.getByTestId("memory-text").inputValue();
      expect(text.length).toBeGreaterThan(EXCERPT_CHARS * 2);
      const excerpt = text.slice(0, text.lastIndexOf(". ", EXCERPT_CHARS) + 1);
      await page.getByTestId("memory-text").fill(excerpt);
      await page.getByTestId("memory-chunk-tokens").fill("64");
      await page.getByTestId("memory-baseline").check();
      if (READER) {
        const options = page.getByTestId("memory-reader").locator("option");
        const values = () => options.evaluateAll((all) => all.map((o) => o.getAttribute("value") ?? ""));
        await expect.poll(async () => (await values()).some((v) => v.includes(READER))).toBe(true);
        await page.getByTestId("memory-reader").selectOption((await values()).find((v) => v.includes(READER)) ?? "");
      }

      await page.getByTestId("memory-run").click();
      // The timeline learns the chunk count from the first chunk read, and follows the read.
      await firstChunk();
      await status("done").waitFor({ timeout: READ_TIMEOUT });
      const timeline = page.getByTestId("chunk-timeline");
      const total = Number(await timeline.getAttribute("data-total"));
      readChunks = total;
      expect(total).toBeGreaterThanOrEqual(3);
      expect(await timeline.getAttribute("data-read")).toBe(String(total));
      expect(await page.locator('[data-testid^="chunk-"][data-state="unread"]').count()).toBe(0);
      expect(await page.getByTestId("chunk-position").textContent()).toContain(`chunk ${total} of ${total}`);

      // Prev and Next step through the chunks; so do the arrow keys on the timeline.
      await page.getByTestId("memory-prev").click();
      await page.locator(`[data-testid="chunk-${total - 2}"][aria-selected="true"]`).waitFor();
      await page.getByTestId("memory-next").click();
      await page.locator(`[data-testid="chunk-${total - 1}"][aria-selected="true"]`).waitFor();
      await selectChunk(0);
      await page.keyboard.press("ArrowRight");
      await page.locator('[data-testid="chunk-1"][aria-selected="true"]').waitFor();
      await page.keyboard.press("ArrowLeft");
      await page.locator('[data-testid="chunk-0"][aria-selected="true"]').waitFor();

      // Every chunk's revisions are marked in the memory after it. The last of each is checked, on its path: an
      // earlier one may be overtaken by a later one on the same path (an add then a remove is a removed member).
      const expectedMarks = { add: ["added"], update: ["updated", "added"], remove: ["removed"] } as const;
      let marked = -1;
      for (let i = 0; i < total; i++) {
        await selectChunk(i);
        const tree = page.getByTestId("memory-tree");
        liveTrees.set(i, (await tree.textContent()) ?? "");
        const rows = page.getByTestId("revision-row");
        if ((await rows.count()) === 0) continue;
        const last = rows.last();
        const path = await last.getAttribute("data-path");
        const op = (await last.getAttribute("data-op")) as keyof typeof expectedMarks;
        const applied = (await last.getAttribute("data-applied")) === "true";
        const marks = await tree
          .locator('[data-testid="memory-node"][data-mark]')
          .evaluateAll((nodes) =>
            nodes.map((n) => [n.getAttribute("data-revision-path"), n.getAttribute("data-mark")] as const),
          );
        const onPath = marks.filter(([p]) => p === path).map(([, mark]) => mark);
        const wanted: readonly string[] = applied ? expectedMarks[op] : ["rejected"];
        expect(
          onPath.some((mark) => mark !== null && wanted.includes(mark)),
          `chunk ${i}: ${op} ${path} → ${onPath}`,
        ).toBe(true);
        if (marked < 0 || (applied && op !== "remove")) marked = i;
      }
      expect(marked, "some chunk has a revision").toBeGreaterThanOrEqual(0);
      await selectChunk(marked);

      // The chunk's text is highlighted in the document, scrolled into the pane's view.
      const highlight = page.getByTestId("chunk-highlight");
      const start = Number(await highlight.getAttribute("data-start"));
      const end = Number(await highlight.getAttribute("data-end"));
      expect(await highlight.textContent()).toBe(excerpt.slice(start, end));
      const pane = await page.getByTestId("document-pane").boundingBox();
      const box = await highlight.boundingBox();
      expect(box && pane && box.y < pane.y + pane.height && box.y + box.height > pane.y).toBe(true);

      // The cache meter: prompt tokens encoded and reused from the KV cache (amend keeps the prompt's prefix).
      expect(await count("cache-chunk-encoded")).toBeGreaterThan(0);
      expect(await count("cache-total-encoded")).toBeGreaterThan(0);
      expect(await count("cache-total-reused")).toBeGreaterThan(0);
      expect(await count("cache-total-generated")).toBeGreaterThan(0);

      // The answer from the memory, and the truncation baseline's beside it.
      await page.getByTestId("memory-answer").waitFor();
      await page.getByTestId("baseline-answer").waitFor();
      if (!READER) expect(await page.getByTestId("memory-answer").textContent()).toMatch(/\S/);
      await page.screenshot({ path: join(SCREENSHOTS, "memory-view.png") });
    },
    READ_TIMEOUT,
  );

  it("reopens the saved read from the past reads and replays the same memory after each chunk", async () => {
    const row = page.getByTestId("read-row").first();
    await row.getByTestId("read-open").click();
    await expect.poll(() => page.getByTestId("chunk-position").textContent()).toContain(`chunk 1 of ${readChunks}`);
    expect(await page.getByTestId("chunk-timeline").getAttribute("data-read")).toBe(String(readChunks));
    for (const [index, live] of liveTrees) {
      await selectChunk(index);
      expect(await page.getByTestId("memory-tree").textContent(), `chunk ${index}`).toBe(live);
    }
    await page.getByTestId("memory-answer").waitFor();
  });

  it(
    "cancels a long read after its first chunk and keeps the memory read so far",
    async () => {
      await page.getByTestId("memory-document-pick").selectOption("ledger-test-002");
      await page.getByTestId("memory-run").click();
      await firstChunk();
      await page.getByTestId("memory-cancel").click();
      await status("cancelled").waitFor({ timeout: 30_000 });
      const timeline = page.getByTestId("chunk-timeline");
      expect(Number(await timeline.getAttribute("data-read"))).toBeLessThan(
        Number(await timeline.getAttribute("data-total")),
      );
      await page.locator('[data-testid="read-stopped"][data-stopped-by="cancelled"]').waitFor();
      // The app stays usable: Run is offered again.
      await page.locator('[data-testid="memory-run"]:not([disabled])').waitFor();
    },
    READ_TIMEOUT,
  );

  it("made no request that left the machine, and broke no content-security rule", () => {
    expect(app.requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(app.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
