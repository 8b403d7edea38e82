import type { CliIo } from "./CliIo.js";
import { printAboveProgress } from "./progressBar.js";

/** A cancellation signal for one command, and how to stop listening. */
export interface Interrupt {
  signal: AbortSignal;
  /** The exit code the signal that cancelled calls for: 130 after Ctrl-C (SIGINT), 143 after SIGTERM; else null. */
  readonly exitCode: number | null;
  dispose(): void;
}

/** Where signals come from: the process, or an emitter standing in for it in a test. */
export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** Options of {@link interruptSignal}. */
export interface InterruptOptions {
  /**
   * Treat SIGTERM (what `kill`, a service manager or a CI job sends) as Ctrl-C: cancel, let the command finish what
   * it does on a cancel, exit 143. Default false (SIGTERM ends the process at once, as Node does by default).
   */
  sigterm?: boolean;
  /** Default `process`. */
  source?: SignalSource;
}

/**
 * Ctrl-C as an AbortSignal: the first press cancels the work in flight (a search returns what it has found, a
 * sweep stops after saving what completed); a second press quits at once, for when the first seems stuck. With
 * `sigterm`, SIGTERM does the same (a second one quits at once, 143).
 */
export function interruptSignal(io: CliIo, options: InterruptOptions = {}): Interrupt {
  const source = options.source ?? process;
  const controller = new AbortController();
  let exitCode: number | null = null;
  const on = (code: number, message: string) => (): void => {
    if (controller.signal.aborted) process.exit(code);
    exitCode = code;
    // Not glued to a progress bar's line on the terminal: on a line of its own, the bar going on below it.
    printAboveProgress(io, message);
    controller.abort();
  };
  const onSigint = on(130, "mull: cancelling (press Ctrl-C again to quit at once)\n");
  const onSigterm = on(143, "mull: cancelling on SIGTERM (send it again to quit at once)\n");
  source.on("SIGINT", onSigint);
  if (options.sigterm) source.on("SIGTERM", onSigterm);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      source.off("SIGINT", onSigint);
      if (options.sigterm) source.off("SIGTERM", onSigterm);
    },
  };
}
