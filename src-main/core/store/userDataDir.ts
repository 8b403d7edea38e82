import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Mull's per-user data folder: `MULL_DATA_DIR` if set (tests point it at a temporary folder), else the folder
 * Electron's `app.getPath("userData")` uses for an app named "Mull" — computed here because core must not
 * import Electron, and kept identical so the desktop app and the CLI share one store and one models folder.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MULL_DATA_DIR) return env.MULL_DATA_DIR;
  const appData =
    platform === "win32"
      ? (env.APPDATA ?? join(home, "AppData", "Roaming"))
      : platform === "darwin"
        ? join(home, "Library", "Application Support")
        : (env.XDG_CONFIG_HOME ?? join(home, ".config"));
  return join(appData, "Mull");
}
