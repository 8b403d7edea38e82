/**
 * The native modules that must be built for the runtime that loads them. better-sqlite3 (the run store) is built
 * against one runtime's ABI (NODE_MODULE_VERSION): the copy npm installs serves Node (the CLI, `mull serve`, the
 * tests) and fails to load in Electron's main process, and the other way round. node-llama-cpp and
 * onnxruntime-node are Node-API addons, whose one binary loads in both, so they are never rebuilt.
 */
export const ABI_MODULES = ["better-sqlite3"] as const;

/** Where better-sqlite3 is to run: Electron's main process (of that Electron version), or plain Node. */
export type RebuildTarget = { runtime: "electron"; version: string } | { runtime: "node" };

/**
 * The npm command that rebuilds ABI_MODULES for `target`: Electron's documented manual way ("Using Native Node
 * Modules"), npm's own rebuild with the runtime, target version and Electron's header server, which
 * better-sqlite3's install (prebuild-install, else node-gyp) reads. Needs the network (a prebuilt binary from
 * GitHub, or Electron's headers); `node` puts back the build for this Node.
 */
export function rebuildCommand(target: RebuildTarget): { command: string; args: string[] } {
  const args = ["rebuild", ...ABI_MODULES];
  if (target.runtime === "electron") {
    if (!/^\d+\.\d+\.\d+/.test(target.version))
      throw new Error(`"${target.version}" is not an Electron version (expected e.g. 40.10.2)`);
    args.push("--runtime=electron", `--target=${target.version}`, "--dist-url=https://electronjs.org/headers");
  }
  return { command: "npm", args };
}

/**
 * Whether a failed load of a native module was the ABI mismatch (built for another runtime), as Node and
 * Electron word it: "was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This
 * version of Node.js requires NODE_MODULE_VERSION 139."
 */
export function isAbiMismatch(message: string): boolean {
  return /NODE_MODULE_VERSION \d+/.test(message) && /compiled against a different Node\.js version/.test(message);
}
