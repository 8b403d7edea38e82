/**
 * What the preload exposes to the renderer as `window.mull`. The real API, built from src-main/api's contract,
 * replaces this later; for now the shell only proves the bridge works.
 */
export interface MullBridge {
  /** The app's version, from package.json through `app.getVersion()`. */
  readonly version: string;
}

/**
 * The command-line switch through which the main process hands the version to the sandboxed preload, which
 * cannot read package.json itself (webPreferences.additionalArguments lands in the preload's `process.argv`).
 */
export const MULL_VERSION_SWITCH = "--mull-version=";
