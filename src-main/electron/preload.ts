// Runs sandboxed (no Node APIs but a few of `process`): expose a narrow, named object, never ipcRenderer itself.
import { contextBridge } from "electron";
import { MULL_VERSION_SWITCH, type MullBridge } from "./mullBridge.js";

const versionArgument = process.argv.find((arg) => arg.startsWith(MULL_VERSION_SWITCH));

const mull: MullBridge = {
  version: versionArgument?.slice(MULL_VERSION_SWITCH.length) ?? "unknown",
};

contextBridge.exposeInMainWorld("mull", mull);
