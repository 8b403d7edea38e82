import { describe, expect, it, vi } from "vitest";
import { IPC_CHANNELS } from "../../../src-main/api/channels.js";
import type { MullClient } from "../../../src-main/api/mullApi.js";

// preload.ts as Electron runs it, on a stand-in for `electron` (contextBridge and ipcRenderer) only.
const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  posted: [] as unknown[][],
}));

vi.mock("electron", () => {
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void bridge.exposed.set(key, api) };
  const ipcRenderer = {
    invoke: async (...args: unknown[]) => {
      bridge.invoked.push(args);
      return { ok: true, value: [] };
    },
    postMessage: (...args: unknown[]) => void bridge.posted.push(args),
  };
  return { contextBridge, ipcRenderer, default: { contextBridge, ipcRenderer } };
});

describe("the preload script", () => {
  it("exposes `window.mull` (call and subscribe) and nothing else, forwarding over the contract's channels", async () => {
    await import("../../../src-main/electron/preload.js");
    expect([...bridge.exposed.keys()]).toEqual(["mull"]);
    const mull = bridge.exposed.get("mull") as MullClient;
    expect(Object.keys(mull).sort()).toEqual(["call", "subscribe"]);
    expect(await mull.call("listRuns", {})).toEqual([]);
    expect(bridge.invoked).toEqual([[IPC_CHANNELS.call, "listRuns", {}]]);
    const stop = mull.subscribe(4, () => {});
    expect(bridge.posted).toHaveLength(1);
    const [channel, runId, transfer] = bridge.posted[0] as [string, number, unknown[]];
    expect([channel, runId]).toEqual([IPC_CHANNELS.subscribe, 4]);
    // The port handed over is a real MessagePort; the preload keeps the other end and closes it on stop.
    expect(transfer[0]).toBeInstanceOf(MessagePort);
    stop();
  });
});
