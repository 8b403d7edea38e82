import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** A temporary folder with a policy and a PRM profile whose model files exist but are empty (never loaded). */
export interface ProfileFixture {
  dir: string;
  policy: string;
  prm: string;
}

/**
 * Makes a ProfileFixture under the system's temporary folder and points MULL_DATA_DIR into it (unset it after
 * the tests): argument checks run before any model loads, so empty model files are enough for them.
 */
export function unloadedProfiles(prefix: string): ProfileFixture {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.env.MULL_DATA_DIR = join(dir, "data");
  writeFileSync(join(dir, "p.gguf"), "");
  writeFileSync(join(dir, "r.onnx"), "");
  const policy = join(dir, "p.profile.json");
  const prm = join(dir, "r.profile.json");
  writeFileSync(
    policy,
    JSON.stringify({ kind: "policy", model: "p.gguf", prompt: "{problem}", answerPattern: "^A: (.+)$" }),
  );
  writeFileSync(
    prm,
    JSON.stringify({
      kind: "prm",
      model: "r.onnx",
      prompt: "{problem}",
      tokenizer: { format: "gguf", path: "p.gguf" },
    }),
  );
  return { dir, policy, prm };
}
