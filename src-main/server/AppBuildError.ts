/** The app (electron-vite's out/) could not be built, so there is no page to serve or window to open. */
export class AppBuildError extends Error {
  constructor(
    /** The build command as run, e.g. `electron-vite build --config electron.config.ts`. */
    readonly command: string,
    /** Its exit code, or null when it could not start or was killed. */
    readonly exitCode: number | null,
    /** The build's last error line, or why it could not start. */
    readonly reason: string,
  ) {
    const how = exitCode === null ? "did not run" : `exited with code ${exitCode}`;
    super(`building the app failed (${command} ${how}): ${reason}; run npm run build for the whole log`);
    this.name = "AppBuildError";
  }
}
