import { describeZodError } from "../api/describeZodError.js";
import type { ApiError } from "../api/ApiError.js";
import { IPC_CHANNELS } from "../api/channels.js";
import type { CallReply } from "../api/httpProtocol.js";
import { MULL_API, type MethodName, type MullClient } from "../api/mullApi.js";
import type { RunEvent } from "../api/RunEvent.js";

/** The renderer's end of a MessageChannel (the DOM MessagePort). */
export interface RendererPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

/** What the preload needs from ipcRenderer and the DOM, so tests can build the client without Electron. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  postMessage(channel: string, message: unknown, transfer: unknown[]): void;
  createChannel(): { port1: RendererPort; port2: unknown };
}

/** The contract's method names: the only ones the preload forwards. */
export const METHOD_NAMES = Object.keys(MULL_API) as MethodName[];

function inputError(message: string, field?: string): ApiError {
  return { kind: "input", message, ...(field !== undefined && { field }) };
}

/**
 * `window.mull`: the contract's MullClient over IPC, and nothing else (never ipcRenderer itself). The method name
 * and the input are checked here with the contract's schema before anything is sent; the main side checks again.
 * A failed call rejects with a plain ApiError object ({ message, kind, field }): contextBridge copies plain
 * objects whole but strips an Error subclass down to its message.
 */
export function createPreloadClient(ipc: PreloadIpc): MullClient {
  async function call(method: string, input: unknown): Promise<unknown> {
    if (typeof method !== "string" || !(METHOD_NAMES as string[]).includes(method))
      throw inputError(`unknown method "${String(method)}"`, "method");
    const parsed = MULL_API[method as MethodName].input.safeParse(input ?? {});
    if (!parsed.success) {
      // The same plain sentence the main side would send (describeZodError), naming the field by its label.
      const { message, field } = describeZodError(parsed.error, input);
      throw inputError(message, field);
    }
    const reply = (await ipc.invoke(IPC_CHANNELS.call, method, input ?? {})) as CallReply<unknown>;
    if (!reply.ok) throw reply.error;
    return reply.value;
  }

  function subscribe(runId: number, onEvent: (event: RunEvent) => void): () => void {
    if (!Number.isSafeInteger(runId) || runId <= 0) throw inputError("runId must be a positive integer", "runId");
    if (typeof onEvent !== "function") throw inputError("onEvent must be a function", "onEvent");
    const { port1, port2 } = ipc.createChannel();
    port1.onmessage = (message) => onEvent(message.data as RunEvent);
    port1.start();
    ipc.postMessage(IPC_CHANNELS.subscribe, runId, [port2]);
    return () => port1.close();
  }

  return { call: call as MullClient["call"], subscribe };
}
