import { describe, expect, it } from "vitest";
import { ABI_MODULES, isAbiMismatch, rebuildCommand } from "../../../src-main/electron/nativeRebuild.js";

describe("building better-sqlite3 for the runtime that loads it", () => {
  it("rebuilds it for Electron's ABI with the version and Electron's header server", () => {
    expect(rebuildCommand({ runtime: "electron", version: "40.10.2" })).toEqual({
      command: "npm",
      args: [
        "rebuild",
        "better-sqlite3",
        "--runtime=electron",
        "--target=40.10.2",
        "--dist-url=https://electronjs.org/headers",
      ],
    });
  });

  it("puts the Node build back with a plain rebuild", () => {
    expect(rebuildCommand({ runtime: "node" })).toEqual({ command: "npm", args: ["rebuild", "better-sqlite3"] });
  });

  it("refuses a version that is not one, naming it", () => {
    expect(() => rebuildCommand({ runtime: "electron", version: "latest" })).toThrow('"latest" is not an Electron');
  });

  it("rebuilds only the ABI-bound module: the Node-API engines load in both runtimes", () => {
    expect(ABI_MODULES).toEqual(["better-sqlite3"]);
  });

  it("tells the ABI mismatch from other load failures", () => {
    const mismatch =
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a " +
      "different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires " +
      "NODE_MODULE_VERSION 139. Please try re-compiling or re-installing the module.";
    expect(isAbiMismatch(mismatch)).toBe(true);
    expect(isAbiMismatch("Cannot find module 'better-sqlite3'")).toBe(false);
  });
});
