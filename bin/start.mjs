#!/usr/bin/env node
// `npm start`: the desktop app where Electron is installed; otherwise browser mode (`mull serve`), saying so.
// Electron is an optional dependency whose binary comes from a download that fails offline, so its absence is an
// expected state, never a crash.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

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
  const electron = findElectron();
  const built = electron === null ? "out/renderer/index.html" : "out/main/index.js";
  if (!existsSync(join(projectDir, built))) {
    const npx = process.platform === "win32" ? "npx.cmd" : "npx";
    const code = await run(npx, ["electron-vite", "build", "--config", "electron.config.ts"]);
    if (code !== 0) return code;
  }
  if (electron === null) {
    // `mull serve` prints the address with this launch's token on the next line.
    console.error("Mull: the Electron binary is absent, so Mull starts in browser mode; open the address below.");
    return run(process.execPath, [join(projectDir, "bin/mull.mjs"), "serve", ...process.argv.slice(2)]);
  }
  // A shell that exported ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
  return run(electron, [projectDir], { ...process.env, ELECTRON_RUN_AS_NODE: undefined });
}

process.exitCode = await main();
