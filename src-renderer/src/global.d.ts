import type { MullBridge } from "../../src-main/electron/mullBridge.js";

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the renderer runs in a plain browser. */
    readonly mull?: MullBridge;
  }
}
