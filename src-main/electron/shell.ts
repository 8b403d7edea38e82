// The Electron shell (loaded by main.ts): one sandboxed window on the built renderer, with every door the app does not need shut
// (Electron's security checklist), and the app (core/app) behind the contract's IPC. Features live in core.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { app, BrowserWindow, ipcMain, session } from "electron";
import { hostedEngines } from "../core/engine/hostedEngines.js";
import { MullApp } from "../app/MullApp.js";
import { isAllowedRequest } from "./isAllowedRequest.js";
import { lockDown } from "./lockDown.js";
import { registerIpc } from "./registerIpc.js";
import { windowOptions } from "./windowOptions.js";

// electron-vite writes out/main/index.js (+ engineProcess.js), out/preload/index.cjs and out/renderer/index.html;
// paths start from the app's root, since this file itself may land in a shared chunk.
const outDir = path.join(app.getAppPath(), "out");
const rendererIndex = path.join(outDir, "renderer/index.html");
const preloadScript = path.join(outDir, "preload/index.cjs");
const engineEntry = path.join(outDir, "main/engineProcess.js");
const rendererUrl = pathToFileURL(rendererIndex).href;

let mull: MullApp | undefined;

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(preloadScript));
  window.once("ready-to-show", () => window.show());
  // The Content-Security-Policy is the meta tag in src-renderer/index.html (api/contentSecurityPolicy.ts): the
  // page comes from file://, where no response headers exist, and navigation elsewhere is refused.
  void window.loadFile(rendererIndex);
}

app.enableSandbox();
app.on("web-contents-created", (_event, contents) => lockDown(contents, rendererUrl));
app.on("window-all-closed", () => app.quit());
app.on("will-quit", () => void mull?.close());

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  // Engines run in a child process (Electron's binary as Node), so a llama.cpp abort cannot take the window down;
  // the bundled engine entry is used when present, else the TypeScript one through tsx (a dev checkout).
  const engines = existsSync(engineEntry) ? hostedEngines({ entry: engineEntry, execArgv: [] }) : hostedEngines();
  mull = new MullApp({ mode: "electron", version: app.getVersion(), engines });
  registerIpc(ipcMain, mull, (url) => url === rendererUrl);
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
