import type { WebContents } from "electron";

/** The WebContents events the lockdown uses, so tests can check it without Electron. */
export type LockableContents = Pick<WebContents, "setWindowOpenHandler" | "on">;

/**
 * Shuts the doors a single-page app never needs: no new windows, no navigation away from the app's own page (a
 * dropped file, a link), no redirects, no <webview>.
 */
export function lockDown(contents: LockableContents, rendererUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-navigate", (event) => {
    if (event.url !== rendererUrl) event.preventDefault();
  });
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
}
