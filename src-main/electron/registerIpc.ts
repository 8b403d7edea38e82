import { IPC_CHANNELS } from "../api/channels.js";
import type { CallReply } from "../api/httpProtocol.js";
import type { RunEvent } from "../api/RunEvent.js";
import { dispatchCall } from "../app/dispatchCall.js";
import type { ServedApp } from "../api/mullApi.js";

/** The sending frame of an IPC message, as far as the check needs it. */
interface IpcSender {
  senderFrame?: { url: string } | null;
}

/** The end of a MessageChannel the main process holds (Electron's MessagePortMain). */
export interface MainPort {
  postMessage(message: unknown): void;
  on(event: "close", listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** The part of Electron's ipcMain the adapter uses, so tests can drive it without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcSender & { ports: MainPort[] }, ...args: unknown[]) => void): unknown;
}

const refused: CallReply<never> = { ok: false, error: { kind: "input", message: "this page may not call Mull" } };

/**
 * Electron's adapter onto the app: `mull:call` validates the method and its input with the contract's schema
 * and calls the app (dispatchCall), `mull:subscribe` streams one run's events, replayed from the first, on the
 * MessagePort the preload sent. Only the app's own page (`isTrusted(url)`) is answered.
 */
export function registerIpc(ipc: IpcMainLike, app: ServedApp, isTrusted: (url: string) => boolean): void {
  const trusted = (event: IpcSender) => isTrusted(event.senderFrame?.url ?? "");
  ipc.handle(IPC_CHANNELS.call, (event, method, input) =>
    trusted(event) ? dispatchCall(app, typeof method === "string" ? method : "", input) : refused,
  );
  ipc.on(IPC_CHANNELS.subscribe, (event, runId) => {
    const [port] = event.ports;
    if (!port) return;
    const send = (e: RunEvent) => port.postMessage(e);
    const stop =
      trusted(event) && typeof runId === "number" && Number.isSafeInteger(runId)
        ? app.subscribe(runId, (e) => {
            send(e);
            if (e.type === "finished") port.close();
          })
        : undefined;
    if (!stop) {
      send({ type: "error", message: `no run ${String(runId)} is running in this window's app` });
      port.close();
      return;
    }
    port.on("close", stop);
    port.start();
  });
}
