import { Writable } from "node:stream";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { runCli } from "../../../src-main/cli/runCli.js";

/** What one in-process `mull` call printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr's non-empty lines. */
  errLines: string[];
}

/** Runs `mull <args>` in this process (runCli), capturing stdout and stderr. */
export async function mull(...args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const errStream = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
  const io: CliIo = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), errIsTTY: false, errStream };
  const code = await runCli(args, io);
  return { code, stdout, stderr, errLines: stderr.split("\n").filter((l) => l.trim() !== "") };
}
