#!/usr/bin/env node
// `npm run rebuild:electron` / `npm run rebuild:node`: builds better-sqlite3 for Electron's main process (the
// desktop app) or back for Node (the CLI, `mull serve`, the tests). See README, "Desktop app".
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { register } from "tsx/esm/api";

register();
const { rebuildCommand } = await import("../src-main/electron/nativeRebuild.ts");
const projectDir = join(import.meta.dirname, "..");
const runtime = process.argv[2];

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(projectDir, "node_modules/electron/package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

let target;
if (runtime === "node") target = { runtime: "node" };
else if (runtime === "electron") {
  const version = electronVersion();
  if (version === null) {
    console.error(
      "mull: electron is not installed (its binary could not be downloaded), so there is nothing to build for.",
    );
    process.exit(1);
  }
  target = { runtime: "electron", version };
} else {
  console.error('mull: say which runtime to build better-sqlite3 for: "electron" or "node".');
  process.exit(1);
}
const { command, args } = rebuildCommand(target);
console.error(`mull: ${command} ${args.join(" ")}`);
const child = spawn(command, args, { cwd: projectDir, stdio: "inherit", shell: process.platform === "win32" });
child.on("exit", (code) => process.exit(code ?? 1));
