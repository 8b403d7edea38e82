import { describe, expect, it } from "vitest";
import { isAllowedRequest } from "../../../src-main/electron/isAllowedRequest.js";
import { lockDown, type LockableContents } from "../../../src-main/electron/lockDown.js";
import { windowOptions } from "../../../src-main/electron/windowOptions.js";

describe("the Electron window's settings", () => {
  const prefs = windowOptions("/app/out/preload/index.cjs").webPreferences;
  it("isolate and sandbox the renderer, with no Node integration anywhere", () => {
    expect(prefs).toMatchObject({
      preload: "/app/out/preload/index.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
  it("turn the spellchecker off (it downloads dictionaries)", () => {
    expect(prefs?.spellcheck).toBe(false);
  });
  it("fit a 1280×800 screen", () => {
    const o = windowOptions("p");
    expect(o.width).toBeLessThanOrEqual(1280);
    expect(o.height).toBeLessThanOrEqual(800);
  });
});

describe("the session's request filter", () => {
  it.each([
    "file:///app/out/renderer/index.html",
    "file:///app/out/renderer/assets/index.js",
    "devtools://devtools/bundled/inspector.html",
    "http://127.0.0.1:5173/",
    "ws://localhost:4000/api/runs/1/events",
    "http://[::1]:8080/x",
  ])("lets %s through", (url) => expect(isAllowedRequest(url)).toBe(true));
  it.each([
    "https://example.com/",
    "https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic",
    "http://192.168.1.10/",
    "http://127.0.0.1.example.com/",
    "ftp://localhost/",
    "data:text/html,hi",
    "not a url",
  ])("refuses %s", (url) => expect(isAllowedRequest(url)).toBe(false));
});

describe("the lockdown of every WebContents", () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      on: (name: string, listener: (event: { url?: string; preventDefault(): void }) => void) => {
        listeners.set(name, listener);
        return contents;
      },
    };
    const fire = (name: string, url?: string) => {
      let prevented = false;
      listeners.get(name)?.({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { contents: contents as unknown as LockableContents, fire, open: (url: string) => openHandler?.({ url }) };
  }
  const page = "file:///app/out/renderer/index.html";

  it("denies new windows", () => {
    const f = fakeContents();
    lockDown(f.contents, page);
    expect(f.open("https://example.com")).toEqual({ action: "deny" });
  });
  it("refuses navigation away from the app's page, redirects and webviews", () => {
    const f = fakeContents();
    lockDown(f.contents, page);
    expect(f.fire("will-navigate", "https://example.com")).toBe(true);
    expect(f.fire("will-navigate", "file:///etc/passwd")).toBe(true);
    expect(f.fire("will-navigate", page)).toBe(false);
    expect(f.fire("will-redirect", page)).toBe(true);
    expect(f.fire("will-attach-webview")).toBe(true);
  });
});
