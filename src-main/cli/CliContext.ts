import type { CliIo } from "./CliIo.js";

/** What every command gets: where to write, and the exit code to end with when it returns normally. */
export interface CliContext {
  io: CliIo;
  /** 0 unless a command sets it (130 after Ctrl-C cancelled the work, as shells expect of an interrupt). */
  exitCode: number;
}
