import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium: playwright cannot download browsers on these machines (../shared/ENVIRONMENT.md). */
export const CHROMIUM = process.env.MULL_CHROMIUM ?? "/usr/bin/chromium";

/** A headless Chromium page, with every request and socket the page opened recorded. */
export interface RecordedBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL requested (documents, scripts, styles, fetches, images) and every WebSocket opened. */
  requests: string[];
  /** Console errors and CSP violations the page reported. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(options: { colorScheme?: "light" | "dark" } = {}): Promise<RecordedBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
  });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("websocket", (socket) => requests.push(socket.url()));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  return { browser, context, page, requests, consoleErrors, close: () => browser.close() };
}

/** True for a URL that stays on this machine's loopback interface (or never leaves the page). */
export function isLoopback(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return true;
  const { hostname } = new URL(url);
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}
