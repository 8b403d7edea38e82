import type { ForkOptions } from "node:child_process";

/**
 * How the engine process is forked (EngineHost): with this process's own binary (`process.execPath`: Node under
 * `mull`, Electron's binary in the desktop app), stderr piped so a crash can be explained, an IPC channel, and
 * `ELECTRON_RUN_AS_NODE=1`, which makes Electron's binary run the entry as plain Node (without it, a fork from
 * Electron's main process would start a second app window instead of an engine). Plain Node ignores the variable.
 */
export function engineForkOptions(
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
): ForkOptions {
  return {
    execPath,
    execArgv: [...execArgv],
    stdio: ["ignore", "inherit", "pipe", "ipc"],
    env: { ...env, ELECTRON_RUN_AS_NODE: "1" },
  };
}
