import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * Builds the app (`npm run build`, which needs no Electron binary) so the browser tests run the renderer as it is
 * now, not a stale out/. Skipped when MULL_E2E_NO_BUILD is set, for quick reruns.
 */
export function buildRenderer(): void {
  if (process.env.MULL_E2E_NO_BUILD) return;
  const r = spawnSync("npm", ["run", "build"], { cwd: join(import.meta.dirname, "../.."), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm run build failed before the browser tests:\n${r.stdout}\n${r.stderr}`);
}
