import type { CliIo } from "./CliIo.js";

/** A cancellation signal for one command, and how to stop listening. */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * Ctrl-C as an AbortSignal: the first press cancels the work in flight (a search returns what it has found, a
 * sweep stops after saving what completed); a second press quits at once, for when the first seems stuck.
 */
export function interruptSignal(io: CliIo): Interrupt {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    io.err("mull: cancelling (press Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  return { signal: controller.signal, dispose: () => void process.off("SIGINT", onSigint) };
}
