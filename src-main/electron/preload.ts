// Runs sandboxed (no Node APIs but a few of `process`): expose the contract's client, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from "electron";
import { createPreloadClient, type PreloadIpc } from "./createPreloadClient.js";

// The preload runs in the page, so MessageChannel is the DOM's; this project type-checks it against Node's
// globals (no DOM lib on the main side), hence the casts.
const mull = createPreloadClient({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  postMessage: (channel, message, transfer) => ipcRenderer.postMessage(channel, message, transfer as never),
  createChannel: () => new MessageChannel() as unknown as ReturnType<PreloadIpc["createChannel"]>,
});

contextBridge.exposeInMainWorld("mull", mull);
