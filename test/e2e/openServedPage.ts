import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser, type RecordedBrowser } from "./launchBrowser.js";
import { serveMull, type ServedMull } from "./serveMull.js";

/** A browser-mode session as a test file uses it: the server, the browser, and the page open on the app. */
export interface ServedPage {
  mull: ServedMull;
  app: RecordedBrowser;
  page: Page;
}

/**
 * Makes the screenshots folder, starts `mull serve` (a fresh data folder; `env` added; it builds out/ when missing or
 * stale) and Chromium, and opens the app's address with its token. What most browser test files do in `beforeAll`.
 */
export async function openServedPage(screenshots: string, env: Record<string, string> = {}): Promise<ServedPage> {
  mkdirSync(screenshots, { recursive: true });
  const mull = await serveMull(env);
  const app = await launchBrowser();
  await app.page.goto(mull.url);
  return { mull, app, page: app.page };
}

/** Closes the browser, then stops the server; either may be missing when `openServedPage` failed part way. */
export async function closeServedPage(app: RecordedBrowser | undefined, mull: ServedMull | undefined): Promise<void> {
  await app?.close();
  await mull?.stop();
}
