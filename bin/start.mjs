#!/usr/bin/env node
// `npm start`: the desktop app where Electron is installed; otherwise browser mode (`mull serve`), saying so.
// Electron is an optional dependency whose binary comes from a download that fails offline, so its absence is an
// expected state, never a crash.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { register } from "tsx/esm/api";

const projectDir = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

/** The Electron executable, or null where the optional package or its downloaded binary is missing. */
function findElectron() {
  try {
    // In plain Node the electron package exports its binary's path; it throws when the binary never arrived.
    const binary = require("electron");
    return typeof binary === "string" && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs a command with this terminal and resolves to its exit code (1 when it could not start or was killed). */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectDir, stdio: "inherit", env });
    child.on("error", (error) => {
      console.error(`mull: could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main() {
  // `mull serve` builds the app when out/ is missing or stale, then prints the address with this launch's token.
  const serve = () => run(process.execPath, [join(projectDir, "bin/mull.mjs"), "serve", ...process.argv.slice(2)]);
  const electron = findElectron();
  if (electron === null) {
    console.error("Mull: the Electron binary is absent, so Mull starts in browser mode; open the address below.");
    return serve();
  }
  register();
  // better-sqlite3 is built for one runtime's ABI (README, "Desktop app"): load it in Electron's own Node first, so
  // that a build for Node is one line and browser mode rather than an app that dies at its first window.
  const probe = spawnSync(electron, ["-e", "require('better-sqlite3')(':memory:').close()"], {
    cwd: projectDir,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    encoding: "utf8",
  });
  const { isAbiMismatch } = await import("../src-main/electron/nativeRebuild.ts");
  if (probe.status !== 0 && isAbiMismatch(probe.stderr ?? "")) {
    console.error(
      "Mull: better-sqlite3 is built for Node, not for Electron: run `npm run rebuild:electron` once for the desktop " +
        "app (`npm run rebuild:node` puts the Node build back for the CLI and tests). Starting browser mode instead.",
    );
    return serve();
  }
  // The same build check as `mull serve`'s, for the Electron main process's bundle.
  const { ensureAppBuilt } = await import("../src-main/server/ensureAppBuilt.ts");
  try {
    await ensureAppBuilt("main", { log: (line) => console.error(line) });
  } catch (error) {
    console.error(`mull: ${error.message}`);
    return 1;
  }
  // A shell that exported ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
  return run(electron, [projectDir], { ...process.env, ELECTRON_RUN_AS_NODE: undefined });
}

process.exitCode = await main();
