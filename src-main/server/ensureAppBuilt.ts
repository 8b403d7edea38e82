import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { AppBuildError } from "./AppBuildError.js";

/** The project's root: package.json, electron.config.ts and the build's out/ folder. */
export const PROJECT_DIR = join(import.meta.dirname, "../..");

/** Which part of electron-vite's output a launcher needs: the browser renderer, or the Electron main process. */
export type AppPart = "renderer" | "main";

/** The file each part's build writes; its modification time is the build's. */
const MARKERS: Record<AppPart, string> = { renderer: "out/renderer/index.html", main: "out/main/index.js" };

/**
 * What the bundles are made from. All of src-main, not only the contract the renderer imports: the renderer still
 * imports core's types, the main bundle is most of src-main, and a needless rebuild costs seconds (about 6 s on
 * two cores) where a stale one serves yesterday's app.
 */
const INPUTS = ["src-renderer", "src-main", "electron.config.ts", "package.json", "package-lock.json"];

/** Options of {@link ensureAppBuilt}. */
export interface EnsureAppBuiltOptions {
  /** Where a person reads what is happening: one line when a build starts, one when it is done. */
  log: (line: string) => void;
  /** Default {@link PROJECT_DIR}. */
  projectDir?: string;
}

/**
 * Why `part`'s build is out of date — its output is missing, or an input file is newer — or null when it is
 * current. Modification times, as make compares them: a checkout or an edit touches the files it changes.
 */
export function buildStaleness(part: AppPart, projectDir: string = PROJECT_DIR): string | null {
  const marker = join(projectDir, MARKERS[part]);
  const built = statSync(marker, { throwIfNoEntry: false });
  if (!built) return `${MARKERS[part]} is missing`;
  for (const input of INPUTS) {
    const path = join(projectDir, input);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    const files = stat.isDirectory() ? readdirSync(path, { recursive: true, encoding: "utf8" }) : [""];
    for (const file of files) {
      const full = join(path, file);
      if (statSync(full).mtimeMs > built.mtimeMs) return `${relative(projectDir, full)} changed since the last build`;
    }
  }
  return null;
}

/**
 * Builds the app with electron-vite (`npm run build`: renderer, preload and main, into out/) when `part`'s build
 * is missing or older than its sources, saying why; does nothing when it is current. The build's own output is
 * kept back unless it fails.
 *
 * @throws AppBuildError naming the command, its exit code and the build's last error line.
 */
export async function ensureAppBuilt(part: AppPart, options: EnsureAppBuiltOptions): Promise<void> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const stale = buildStaleness(part, projectDir);
  if (stale === null) return;
  options.log(`mull: building the app (${stale}); this takes a few seconds`);
  const started = performance.now();
  const command = "electron-vite build --config electron.config.ts";
  let cli: string;
  try {
    const require = createRequire(join(projectDir, "package.json"));
    cli = join(require.resolve("electron-vite/package.json"), "../bin/electron-vite.js");
  } catch {
    throw new AppBuildError(command, null, "electron-vite is not installed (a devDependency: run npm install)");
  }
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    let output = "";
    const child = spawn(process.execPath, [cli, "build", "--config", "electron.config.ts"], {
      cwd: projectDir,
      stdio: ["ignore", "pipe", "pipe"],
      // No colour codes in the line an error shows.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (e) => resolve({ code: null, output: e.message }));
    child.on("close", (exitCode) => resolve({ code: exitCode, output }));
  });
  // A build that exits 0 without writing the part asked for failed too (a config that lost that entry).
  if (code !== 0 || !existsSync(join(projectDir, MARKERS[part])))
    throw new AppBuildError(command, code, firstError(output));
  options.log(`mull: built the app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The first error of a vite build's log as one line, with where it is when the message does not say:
 * `[builtin:vite-transform] Unexpected token at src-renderer/src/main.ts:14:23`.
 */
function firstError(output: string): string {
  const lines = stripVTControlCharacters(output)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^Build failed with \d+ errors?:?$/.test(line));
  const start = lines.findIndex((line) => /^error during build:?$/i.test(line));
  const message = start >= 0 ? lines[start + 1] : (lines.find((line) => /error/i.test(line)) ?? lines.at(-1));
  if (message === undefined) return "the build printed nothing";
  const at = /[\w./-]+\.\w+:\d+:\d+/;
  const where = at.test(message)
    ? undefined
    : lines
        .slice(start + 2, start + 4)
        .join(" ")
        .match(at)?.[0];
  return where ? `${message} at ${where}` : message;
}
