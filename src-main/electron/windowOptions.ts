import type { BrowserWindowConstructorOptions } from "electron";

/**
 * The app window: sandboxed renderer, context isolation, no Node integration, web security on, spellchecker off
 * (it would download dictionaries), and the preload as the only bridge (Electron's security checklist).
 */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: "Mull",
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}
