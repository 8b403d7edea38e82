import { homedir } from "node:os";
import { join } from "node:path";
import { userDataDir } from "../../store/userDataDir.js";

/**
 * The user's models folder: `MULL_USER_MODELS` if set, else `models/` in Mull's per-user data folder (see
 * userDataDir), so the desktop app and the CLI see the same folder.
 */
export function userModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MULL_USER_MODELS) return env.MULL_USER_MODELS;
  return join(userDataDir(env, platform, home), "models");
}
