import type { MullClient } from "../../../src-main/api/mullApi.js";
import { HttpClient } from "./HttpClient.js";
import { pageToken } from "./pageToken.js";

/** Whether the Electron preload exposed a full MullClient as `window.mull`. */
function isClient(value: unknown): value is MullClient {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<MullClient>;
  return typeof candidate.call === "function" && typeof candidate.subscribe === "function";
}

/** The one transport of the app: Electron's preload when present, else HTTP + WebSocket back to the page's server. */
export function createTransport(): MullClient {
  const bridge: unknown = window.mull;
  if (isClient(bridge)) return bridge;
  return new HttpClient({ origin: window.location.origin, token: pageToken(window.location.search) });
}

/** The transport, created once for the whole app. Stores call it; components never do. */
export const mull: MullClient = createTransport();
