import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IPC_CHANNELS } from "../../../src-main/api/channels.js";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/api/contentSecurityPolicy.js";
import type { CallReply } from "../../../src-main/api/httpProtocol.js";
import { MULL_API } from "../../../src-main/api/mullApi.js";

// The Electron main process (main.ts → shell.ts) run for real on Node, with a stand-in for the `electron` module
// only: its binary cannot be downloaded here or in CI. The stand-in records what the shell asks of Electron
// (windows, IPC handlers, session filters, app events); everything behind it (the MullApp, its run store in a
// temporary folder, dispatchCall, the lockdown) is the real code.

const ROOT = join(import.meta.dirname, "../../..");

/** What the shell asked of the fake Electron. */
const recorded = vi.hoisted(() => ({
  appPath: "",
  sandboxEnabled: false,
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  quit: 0,
  windows: [] as { options: Record<string, unknown>; loaded: string[]; shown: number; onceReady?: () => void }[],
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  listeners: new Map<string, (...args: unknown[]) => void>(),
  beforeRequest: undefined as
    ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | undefined,
  permissionRequest: undefined as ((c: unknown, p: string, callback: (granted: boolean) => void) => void) | undefined,
  permissionCheck: undefined as (() => boolean) | undefined,
  spellChecker: undefined as boolean | undefined,
  ready: undefined as (() => void) | undefined,
}));

vi.mock("electron", () => {
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    record: (typeof recorded.windows)[number];
    webContents = {};
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], shown: 0 };
      recorded.windows.push(this.record);
      BrowserWindow.all.push(this);
    }
    once(event: string, listener: () => void) {
      if (event === "ready-to-show") this.record.onceReady = listener;
      return this;
    }
    show() {
      this.record.shown++;
    }
    async loadFile(file: string) {
      this.record.loaded.push(file);
    }
  }
  const app = {
    enableSandbox: () => void (recorded.sandboxEnabled = true),
    getVersion: () => "0.0.0-test",
    getAppPath: () => recorded.appPath,
    quit: () => void recorded.quit++,
    whenReady: () => new Promise<void>((resolve) => (recorded.ready = resolve)),
    on(event: string, listener: (...args: unknown[]) => void) {
      recorded.appListeners.set(event, listener);
      return app;
    },
  };
  const session = {
    defaultSession: {
      webRequest: { onBeforeRequest: (l: typeof recorded.beforeRequest) => void (recorded.beforeRequest = l) },
      setPermissionRequestHandler: (h: typeof recorded.permissionRequest) => void (recorded.permissionRequest = h),
      setPermissionCheckHandler: (h: typeof recorded.permissionCheck) => void (recorded.permissionCheck = h),
      setSpellCheckerEnabled: (on: boolean) => void (recorded.spellChecker = on),
    },
  };
  const ipcMain = {
    handle: (channel: string, listener: (...args: unknown[]) => unknown) =>
      void recorded.handlers.set(channel, listener),
    on(channel: string, listener: (...args: unknown[]) => void) {
      recorded.listeners.set(channel, listener);
      return ipcMain;
    },
  };
  return { app, BrowserWindow, ipcMain, session, default: { app, BrowserWindow, ipcMain, session } };
});

const previousEnv = { data: process.env.MULL_DATA_DIR, models: process.env.MULL_MODELS_DIR };
let rendererUrl = "";

beforeAll(async () => {
  recorded.appPath = ROOT;
  process.env.MULL_DATA_DIR = mkdtempSync(join(tmpdir(), "mull-shell-"));
  delete process.env.MULL_MODELS_DIR;
  rendererUrl = pathToFileURL(join(ROOT, "out/renderer/index.html")).href;
  await import("../../../src-main/electron/main.js");
  await vi.waitFor(() => expect(recorded.ready).toBeTypeOf("function"), { timeout: 60_000 });
  recorded.ready?.();
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1), { timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  // `will-quit` closes the app (its run store, the engines): the shell's own shutdown path.
  recorded.appListeners.get("will-quit")?.();
  process.env.MULL_DATA_DIR = previousEnv.data;
  if (previousEnv.models === undefined) delete process.env.MULL_MODELS_DIR;
  else process.env.MULL_MODELS_DIR = previousEnv.models;
});

/** Calls the registered `mull:call` handler as a frame at `url` would. */
function call(method: string, input: unknown, url = rendererUrl): Promise<CallReply<unknown>> {
  const handler = recorded.handlers.get(IPC_CHANNELS.call);
  if (!handler) throw new Error("no handler on the call channel");
  return handler({ senderFrame: { url } }, method, input) as Promise<CallReply<unknown>>;
}

describe("the Electron main process, started on a stand-in for electron", () => {
  it("points core at the app's bundled models folder before core loads", () => {
    expect(process.env.MULL_MODELS_DIR).toBe(join(ROOT, "models"));
  });

  it("enables the sandbox for every renderer before any window exists", () => {
    expect(recorded.sandboxEnabled).toBe(true);
  });

  it("opens one hidden window, isolated, sandboxed, without Node, with the built preload, shown when ready", () => {
    const [window] = recorded.windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: {
        preload: join(ROOT, "out/preload/index.cjs"),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
      },
    });
    expect(window?.loaded).toEqual([join(ROOT, "out/renderer/index.html")]);
    expect(window?.shown).toBe(0);
    window?.onceReady?.();
    expect(window?.shown).toBe(1);
  });

  it("registers the contract's two channels and answers every MULL_API method through the real app", async () => {
    expect([...recorded.handlers.keys()]).toEqual([IPC_CHANNELS.call]);
    expect([...recorded.listeners.keys()]).toEqual([IPC_CHANNELS.subscribe]);
    for (const method of Object.keys(MULL_API)) {
      const reply = await call(method, {});
      // Each method is known to the channel: it runs (methods that take nothing) or its own schema refuses the
      // empty input naming one of its fields, never the method.
      if (!reply.ok) expect(reply.error.field, `${method}: ${reply.error.message}`).not.toBe("method");
      if (MULL_API[method as keyof typeof MULL_API].input.safeParse({}).success)
        expect(reply, `${method}: ${JSON.stringify(reply)}`).toMatchObject({ ok: true });
    }
    expect(await call("info", {})).toMatchObject({
      ok: true,
      value: { mode: "electron", version: "0.0.0-test", modelsDir: join(ROOT, "models") },
    });
    const resources = (await call("resources", {})) as CallReply<{ process: { label: string; pid: number } }>;
    expect(resources.ok && resources.value.process).toMatchObject({
      label: expect.stringMatching(/^Mull desktop app, main process \(Node /),
      pid: process.pid,
    });
    expect(await call("nope", {})).toMatchObject({ ok: false, error: { field: "method" } });
  });

  it("answers only the app's own page", async () => {
    expect(await call("listRuns", {}, "https://example.com/")).toMatchObject({
      ok: false,
      error: { message: "this page may not call Mull" },
    });
    expect(await call("listRuns", {}, rendererUrl)).toMatchObject({ ok: true });
  });

  it("filters the session: local files pass, the network is refused, no permission is ever granted", () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      recorded.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide(rendererUrl)).toBe(false);
    expect(decide("https://example.com/tracker.js")).toBe(true);
    let granted: boolean | undefined;
    recorded.permissionRequest?.({}, "media", (g) => (granted = g));
    expect(granted).toBe(false);
    expect(recorded.permissionCheck?.()).toBe(false);
    expect(recorded.spellChecker).toBe(false);
  });

  it("locks down every WebContents it creates: no navigation away, no new windows", () => {
    const created = recorded.appListeners.get("web-contents-created");
    const events = new Map<string, (e: { url?: string; preventDefault(): void }) => void>();
    let open: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (h: typeof open) => void (open = h),
      on(name: string, l: (e: { url?: string; preventDefault(): void }) => void) {
        events.set(name, l);
        return contents;
      },
    };
    created?.({}, contents);
    let prevented = 0;
    events.get("will-navigate")?.({ url: "https://example.com/", preventDefault: () => void prevented++ });
    events.get("will-navigate")?.({ url: rendererUrl, preventDefault: () => void prevented++ });
    expect(prevented).toBe(1);
    expect(open?.({ url: "https://example.com/" })).toEqual({ action: "deny" });
  });

  it("quits when the last window closes", () => {
    recorded.appListeners.get("window-all-closed")?.();
    expect(recorded.quit).toBe(1);
  });

  it("ships the renderer with the contract's Content-Security-Policy (file:// has no headers)", () => {
    const html = readFileSync(join(ROOT, "src-renderer/index.html"), "utf8");
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
