import type { MullClient } from "../../src-main/api/mullApi.js";

declare global {
  interface Window {
    /**
     * The contract's client, exposed by the Electron preload (src-main/electron/createPreloadClient.ts); absent
     * when the renderer runs in a plain browser. A failed call rejects with a plain ApiError object.
     */
    readonly mull?: MullClient;
  }
}
