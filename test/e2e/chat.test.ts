import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { serveMull, type ServedMull } from "./serveMull.js";

// The Chat view in a real browser on `mull serve`, talking to the embedded policy (its reasoning is the steps before
// its Answer line). The tests run in order on one page: the conversation started first is continued later.
const SCREENSHOTS = join(import.meta.dirname, "artifacts/screenshots");
const TURN_TIMEOUT = 180_000;
const QUESTION = "What is the 11th term of the arithmetic sequence 17, 18, 19, 20, ...?";

let mull: ServedMull;
let app: RecordedBrowser;
let page: Page;

/** Waits for turn `index` to end (done or stopped); fails at once with the view's error line if it cannot start. */
async function turnEnded(index: number): Promise<string> {
  // The turn shows at once when the message is sent (and the previous error line goes): wait for that first.
  await page.getByTestId(`chat-turn-${index}`).waitFor({ timeout: TURN_TIMEOUT });
  const ended = page.locator(
    `[data-testid="chat-turn-${index}"][data-status="done"], [data-testid="chat-turn-${index}"][data-status="stopped"]`,
  );
  const error = page.getByTestId("chat-error");
  await ended.or(error).first().waitFor({ timeout: TURN_TIMEOUT });
  if (await error.isVisible()) throw new Error(`the turn failed: ${await error.textContent()}`);
  return (await ended.getAttribute("data-status")) ?? "";
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  rmSync(join(SCREENSHOTS, "chat-view.png"), { force: true });
  mull = await serveMull();
  app = await launchBrowser();
  page = app.page;
  await page.goto(mull.url);
  await page.getByTestId("tab-chat").click();
  await page.getByTestId("view-chat").waitFor();
}, 240_000);

afterAll(async () => {
  await app?.close();
  await mull?.stop();
});

describe("the Chat view in Chromium", () => {
  it("refuses an empty message and a budget that is not a whole number, in place", async () => {
    await page.getByTestId("chat-send").click();
    await expect.poll(() => page.getByTestId("chat-error").textContent()).toMatch(/Write a message first/);
    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-budget").fill("2.5");
    await page.getByTestId("chat-send").click();
    await expect
      .poll(() => page.getByTestId("chat-error").textContent())
      .toMatch(/reasoning budget must be a positive whole number/);
    await page.getByTestId("chat-budget").fill("");
  });

  it("answers a first message after its reasoning, folded under 'Thought for N tokens' until opened", async () => {
    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-send").click();
    expect(await turnEnded(0)).toBe("done");
    expect(await page.getByTestId("chat-user-0").textContent()).toBe(QUESTION);
    const answer = (await page.getByTestId("chat-answer-0").textContent())?.trim() ?? "";
    expect(answer).not.toBe("");
    const summary = page.getByTestId("chat-thought-summary-0");
    expect(await summary.textContent()).toMatch(/^Thought for \d+ tokens, \d+\.\d s$/);
    // Collapsed: the reasoning is in the page but not shown; opened, it is.
    const reasoning = page.getByTestId("chat-reasoning-0");
    expect(await reasoning.isVisible()).toBe(false);
    await summary.click();
    await reasoning.waitFor({ state: "visible" });
    expect(await reasoning.textContent()).toMatch(/Step 1/);
    await summary.click();
    await reasoning.waitFor({ state: "hidden" });
    // The conversation is saved and listed, titled by its first message (cut to 60 characters).
    expect(await page.getByTestId("chat-title").textContent()).toBe(QUESTION.slice(0, 59) + "…");
    await page.locator('[data-testid^="chat-conversation-"]').first().waitFor();
  });

  it("continues the conversation under a reasoning budget and says the budget was reached", async () => {
    await page.getByTestId("chat-budget").fill("8");
    await page.getByTestId("chat-input").fill("And what is the 12th term?");
    await page.getByTestId("chat-send").click();
    expect(await turnEnded(1)).toBe("done");
    expect(await page.getByTestId("chat-thought-summary-1").textContent()).toMatch(
      /^Thought for 8 tokens, \d+\.\d s \(reasoning budget reached\)$/,
    );
    // Both turns are in the one conversation.
    const conversation = await page.locator('[data-testid^="chat-conversation-"]').first().textContent();
    expect(conversation).toMatch(/2 turns/);
    await page.getByTestId("chat-thought-summary-1").click();
    await page.getByTestId("chat-reasoning-1").waitFor({ state: "visible" });
    await page.screenshot({ path: join(SCREENSHOTS, "chat-view.png") });
  });

  it("answers a turn with a search: its reasoning is the chosen path, and its saved tree opens in Experiments", async () => {
    await page.getByTestId("chat-strategy").selectOption("beam");
    expect(await page.getByTestId("chat-budget").isDisabled()).toBe(true);
    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-send").click();
    expect(await turnEnded(2)).toBe("done");
    expect(await page.getByTestId("chat-thought-summary-2").textContent()).toMatch(
      /^Searched with beam: \d+ nodes; the chosen path$/,
    );
    await page.getByTestId("chat-open-tree-2").click();
    await page.getByTestId("view-experiments").waitFor();
    const detail = page.getByTestId("run-detail");
    await detail.waitFor();
    await page.getByTestId("run-item-tree").first().click();
    const tree = page.getByTestId("thought-tree");
    await tree.waitFor();
    expect(Number(await tree.getAttribute("data-node-count"))).toBeGreaterThan(1);
    await page.getByTestId("tab-chat").click();
    await page.getByTestId("chat-strategy").selectOption("");
  });
});
