import type { MullClient } from "../../../src-main/api/mullApi.js";
import { HttpClient } from "./HttpClient.js";
import { toCallError } from "./MullCallError.js";
import { pageToken } from "./pageToken.js";
import { tokenRefused } from "./tokenRefusal.js";

/** Whether the Electron preload exposed a full MullClient as `window.mull`. */
function isClient(value: unknown): value is MullClient {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<MullClient>;
  return typeof candidate.call === "function" && typeof candidate.subscribe === "function";
}

/** The one transport of the app: Electron's preload when present, else HTTP + WebSocket back to the page's server. */
export function createTransport(): MullClient {
  const bridge: unknown = window.mull;
  if (isClient(bridge)) {
    // Rejections arrive as plain ApiError objects: make them MullCallErrors, as the HTTP client throws.
    return {
      call: (method, input) => bridge.call(method, input).catch((error: unknown) => Promise.reject(toCallError(error))),
      subscribe: (runId, onEvent) => bridge.subscribe(runId, onEvent),
    };
  }
  return new HttpClient({
    origin: window.location.origin,
    token: pageToken(window.location.search),
    onRefused: tokenRefused,
  });
}

/** The transport, created once for the whole app. Stores call it; components never do. */
export const mull: MullClient = createTransport();
