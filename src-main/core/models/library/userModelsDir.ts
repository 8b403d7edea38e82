import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The user's models folder: `MULL_USER_MODELS` if set, else `models/` in the per-user data folder that Electron's
 * `app.getPath("userData")` uses for an app named "Mull" — computed here because core must not import Electron,
 * and kept identical so the desktop app and the CLI see the same folder.
 */
export function userModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MULL_USER_MODELS) return env.MULL_USER_MODELS;
  const appData =
    platform === "win32"
      ? (env.APPDATA ?? join(home, "AppData", "Roaming"))
      : platform === "darwin"
        ? join(home, "Library", "Application Support")
        : (env.XDG_CONFIG_HOME ?? join(home, ".config"));
  return join(appData, "Mull", "models");
}
