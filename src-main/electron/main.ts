// The Electron shell: one sandboxed window on the built renderer, with every door the app does not need shut
// (Electron's security checklist). Features arrive through src-main/api, never here.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { app, BrowserWindow, session, type WebContents } from "electron";
import { isAllowedRequest } from "./isAllowedRequest.js";
import { MULL_VERSION_SWITCH } from "./mullBridge.js";

// electron-vite writes out/main/index.js, out/preload/index.cjs and out/renderer/index.html side by side.
const rendererIndex = path.join(import.meta.dirname, "../renderer/index.html");
const preloadScript = path.join(import.meta.dirname, "../preload/index.cjs");
const rendererUrl = pathToFileURL(rendererIndex).href;

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  // The app is a single page: any navigation away from it (a dropped file, a link) is refused.
  contents.on("will-navigate", (event) => {
    if (event.url !== rendererUrl) event.preventDefault();
  });
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: "Mull",
    show: false,
    webPreferences: {
      preload: preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      additionalArguments: [`${MULL_VERSION_SWITCH}${app.getVersion()}`],
    },
  });
  window.once("ready-to-show", () => window.show());
  // The Content-Security-Policy is the meta tag in src-renderer/index.html: the page comes from file://, where no
  // response headers exist, and navigation elsewhere is refused above.
  void window.loadFile(rendererIndex);
}

app.enableSandbox();
app.on("web-contents-created", (_event, contents) => lockDown(contents));
app.on("window-all-closed", () => app.quit());

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
