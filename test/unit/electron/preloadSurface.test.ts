import { describe, expect, it } from "vitest";
import { IPC_CHANNELS } from "../../../src-main/api/channels.js";
import { MULL_API, type MullHandlers } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import { createPreloadClient, type PreloadIpc } from "../../../src-main/electron/createPreloadClient.js";
import { registerIpc, type IpcMainLike, type MainPort } from "../../../src-main/electron/registerIpc.js";
import type { ServedApp } from "../../../src-main/api/mullApi.js";

/** An ipcRenderer stand-in that records what the preload sends and answers calls with `reply`. */
function fakeIpc(reply: unknown = { ok: true, value: "answer" }) {
  const sent: { channel: string; args: unknown[] }[] = [];
  const port1 = {
    onmessage: null as ((e: { data: unknown }) => void) | null,
    start() {},
    closed: false,
    close() {
      this.closed = true;
    },
  };
  const ipc: PreloadIpc = {
    invoke: async (channel, ...args) => {
      sent.push({ channel, args });
      return reply;
    },
    postMessage: (channel, message, transfer) => void sent.push({ channel, args: [message, transfer] }),
    createChannel: () => ({ port1, port2: "port2" }),
  };
  return { ipc, sent, port1 };
}

describe("the preload's window.mull", () => {
  it("exposes exactly the contract's client: call and subscribe, nothing of ipcRenderer", () => {
    const client = createPreloadClient(fakeIpc().ipc);
    expect(Object.keys(client).sort()).toEqual(["call", "subscribe"]);
  });

  it("reaches every method of MULL_API: each is forwarded, or refused by its own schema (never as unknown)", async () => {
    const { ipc, sent } = fakeIpc();
    const client = createPreloadClient(ipc);
    const refusedFields: Record<string, string | undefined> = {};
    for (const method of Object.keys(MULL_API) as (keyof typeof MULL_API)[]) {
      await client.call(method, {} as never).catch((e: { field?: string }) => (refusedFields[method] = e.field));
    }
    const forwarded = sent.map((s) => s.args[0]);
    const acceptsEmpty = Object.entries(MULL_API).filter(([, m]) => m.input.safeParse({}).success);
    expect(forwarded).toEqual(acceptsEmpty.map(([name]) => name));
    expect(Object.keys(refusedFields).length + forwarded.length).toBe(Object.keys(MULL_API).length);
    for (const field of Object.values(refusedFields)) expect(field).not.toBe("method");
    // Both kinds are exercised: listModels needs nothing, startSolve needs a problem.
    expect(forwarded).toContain("listModels");
    expect(refusedFields).toHaveProperty("startSolve", "problem");
  });

  it("forwards a valid call on the call channel and resolves to its value", async () => {
    const { ipc, sent } = fakeIpc();
    const client = createPreloadClient(ipc);
    await expect(client.call("listRuns", {})).resolves.toBe("answer");
    expect(sent).toEqual([{ channel: IPC_CHANNELS.call, args: ["listRuns", {}] }]);
  });

  it("refuses an unknown method or a bad input before sending anything, naming the field", async () => {
    const { ipc, sent } = fakeIpc();
    const client = createPreloadClient(ipc);
    await expect(client.call("toString" as never, {} as never)).rejects.toMatchObject({
      kind: "input",
      field: "method",
    });
    await expect(client.call("startSolve", { problem: "x", search: { strategy: "beam", n: 0 } })).rejects.toMatchObject(
      { kind: "input", field: "search.n" },
    );
    await expect(client.call("getRun", { runId: -1 })).rejects.toMatchObject({ field: "runId" });
    expect(sent).toEqual([]);
  });

  it("rejects with the main side's ApiError as a plain object", async () => {
    const error = { kind: "runtime", message: "the model engine stopped" };
    const client = createPreloadClient(fakeIpc({ ok: false, error }).ipc);
    await expect(client.call("listModels", {})).rejects.toEqual(error);
  });

  it("subscribes by sending the run id with a transferred port, and stops by closing it", () => {
    const { ipc, sent, port1 } = fakeIpc();
    const events: RunEvent[] = [];
    const stop = createPreloadClient(ipc).subscribe(3, (e) => events.push(e));
    expect(sent).toEqual([{ channel: IPC_CHANNELS.subscribe, args: [3, ["port2"]] }]);
    port1.onmessage?.({ data: { type: "finished", status: "done" } });
    expect(events).toEqual([{ type: "finished", status: "done" }]);
    stop();
    expect(port1.closed).toBe(true);
  });
});

describe("the main side's IPC handlers", () => {
  function setup() {
    const handlers = new Map<string, (...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = {
      handle: (channel, listener) => void handlers.set(channel, listener as never),
      on: (channel, listener) => void handlers.set(channel, listener as never),
    };
    const called: unknown[] = [];
    const app = {
      listRuns: async (args: unknown) => {
        called.push(args);
        return [];
      },
      subscribe: (runId: number, listener: (e: RunEvent) => void) => {
        if (runId !== 5) return undefined;
        listener({ type: "finished", status: "done" });
        return () => {};
      },
    } as unknown as ServedApp & Pick<MullHandlers, "listRuns">;
    registerIpc(ipc, app, (url) => url === "file:///app/index.html");
    const frame = (url: string) => ({ senderFrame: { url } });
    return { handlers, called, frame };
  }

  it("validates the input again and calls the app only with valid input from the app's own page", async () => {
    const { handlers, called, frame } = setup();
    const call = handlers.get(IPC_CHANNELS.call) as (...args: unknown[]) => Promise<unknown>;
    expect(await call(frame("file:///app/index.html"), "listRuns", {})).toEqual({ ok: true, value: [] });
    expect(await call(frame("file:///app/index.html"), "listRuns", { x: 1 })).toMatchObject({
      ok: false,
      error: { kind: "input" },
    });
    expect(await call(frame("https://evil.example/"), "listRuns", {})).toMatchObject({ ok: false });
    expect(called).toEqual([{}]);
  });

  it("posts a live run's events on the port and closes it after `finished`; refuses an unknown run", () => {
    const { handlers, frame } = setup();
    const subscribe = handlers.get(IPC_CHANNELS.subscribe) as (...args: unknown[]) => void;
    const port = () => {
      const p = {
        posted: [] as unknown[],
        closed: false,
        postMessage: (m: unknown) => p.posted.push(m),
        on: () => p,
        start() {},
        close: () => void (p.closed = true),
      };
      return p;
    };
    const live = port();
    subscribe({ ...frame("file:///app/index.html"), ports: [live as unknown as MainPort] }, 5);
    expect(live.posted).toEqual([{ type: "finished", status: "done" }]);
    expect(live.closed).toBe(true);
    const unknown = port();
    subscribe({ ...frame("file:///app/index.html"), ports: [unknown as unknown as MainPort] }, 6);
    expect(unknown.posted).toMatchObject([{ type: "error" }]);
    expect(unknown.closed).toBe(true);
  });
});
