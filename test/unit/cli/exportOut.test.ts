import { spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWritable } from "../../../src-main/cli/checkWritable.js";
import { numberIn, positiveInteger } from "../../../src-main/cli/parseNumberOption.js";
import { UsageError } from "../../../src-main/cli/UsageError.js";
import { ANNOTATE_METHODS } from "../../../src-main/api/annotation.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { mull } from "./cliHelpers.js";

// `mull export --out` and the check every --out goes through (checkWritable): a real SQLite store in a fresh data
// folder holds one solve run whose item is its own path (no model runs), exported as trl-prm rows.
let dir: string;
let runId: number;
const policy = join(import.meta.dirname, "../../../models/mull-policy-2m.profile.json");
const problem = "What is 2 + 3 * 4?";
const row = JSON.stringify({ prompt: problem, completions: ["3 * 4 = 12.", "Answer: 14"], labels: [true, true] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-export-out-"));
  process.env.MULL_DATA_DIR = join(dir, "data");
  const store = RunStore.open();
  const item: RunItem = {
    key: "solve",
    problemId: null,
    problem,
    strategy: "greedy",
    budget: null,
    policy: "mull-policy-2m",
    reference: "14",
    answer: "14",
    correct: true,
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 10, evaluatedTokens: 10, rewardCalls: 2, nodes: 2, ms: 1 },
    nonFiniteScores: 0,
    path: [
      { text: "3 * 4 = 12.", score: 0.9 },
      { text: "Answer: 14", score: 0.9 },
    ],
    completedAt: "2026-12-01T00:00:00.000Z",
  };
  runId = store.createRun({ kind: "solve", config: { problem, policy } });
  store.saveItem(runId, item);
  store.finishRun(runId, "done");
  store.close();
});
afterAll(() => {
  delete process.env.MULL_DATA_DIR;
});

const exportTo = (out: string, run = String(runId)) =>
  mull("export", "--run", run, "--format", "trl-prm", "--out", out);

function mkfifo(path: string): void {
  expect(spawnSync("mkfifo", [path]).status).toBe(0);
}

describe("mull export --out", () => {
  it("writes through a symbolic link: the link stays, its target gets the rows", async () => {
    const target = join(dir, "target.jsonl");
    writeFileSync(target, "old\n");
    const link = join(dir, "link.jsonl");
    symlinkSync(target, link);
    const r = await exportTo(link);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, "utf8")).toBe(row + "\n");
  });

  it("refuses a FIFO before any work, in one line naming it, and leaves it a FIFO", async () => {
    const pipe = join(dir, "pipe");
    mkfifo(pipe);
    const r = await exportTo(pipe);
    expect([r.code, r.errLines]).toEqual([2, [`mull: --out: ${pipe} is not a regular file`]]);
    expect(statSync(pipe).isFIFO()).toBe(true);
    // Through a link too: what the link points at is what would be written.
    const link = join(dir, "to-pipe");
    symlinkSync(pipe, link);
    expect((await exportTo(link)).errLines).toEqual([`mull: --out: ${link} is not a regular file`]);
  });

  it("refuses a folder that takes no file (/proc) before any work, naming the path given, not a temporary file", async () => {
    const r = await exportTo("/proc/x.jsonl");
    expect([r.code, r.errLines]).toEqual([
      2,
      ["mull: --out: /proc/x.jsonl: cannot create a file in /proc (no such file or directory)"],
    ]);
    // The check comes before the run is looked up.
    expect((await exportTo("/proc/x.jsonl", "999")).errLines[0]).toContain("/proc/x.jsonl");
  });

  it("says a path part is a file, not that the folder does not exist", async () => {
    const file = join(dir, "o1.jsonl");
    writeFileSync(file, "");
    const r = await exportTo(join(file, "x.jsonl"));
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --out: ${join(file, "x.jsonl")}: ${file} is a file, not a folder`],
    ]);
    const deeper = join(file, "sub", "x.jsonl");
    expect((await exportTo(deeper)).errLines).toEqual([`mull: --out: ${deeper}: ${file} is a file, not a folder`]);
    const missing = join(dir, "none", "x.jsonl");
    expect((await exportTo(missing)).errLines).toEqual([
      `mull: --out: ${missing}: the folder ${join(dir, "none")} does not exist`,
    ]);
  });

  it.each(["0x6", "1e0", "0b1", " 1", "1.0", "+1"])("--run %j is refused: only decimal digits", async (run) => {
    const r = await exportTo(join(dir, "never.jsonl"), run);
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: option '--run <id>' argument '${run}' is invalid. "${run}" is not a positive integer.`],
    ]);
  });
});

describe("mull export --help", () => {
  it("names only the methods the app's Annotate action saves as saved annotations", async () => {
    expect(ANNOTATE_METHODS).toEqual(["mc", "omega"]);
    const { stdout } = await mull("export", "--help");
    expect(stdout).toContain(
      "an annotation saved with the run (the app's Annotate action: Math-Shepherd or OmegaPRM labels)",
    );
    expect(stdout).not.toMatch(/tree labels/);
  });
});

describe("mull annotate --out goes through the same check, before any model loads", () => {
  it.each([["/proc/x.jsonl", "mull: --out: /proc/x.jsonl: cannot create a file in /proc (no such file or directory)"]])(
    "%s",
    async (out, line) => {
      const r = await mull("annotate", "--set", "dev", "--limit", "1", "--method", "mc", "--out", out);
      expect([r.code, r.errLines]).toEqual([2, [line]]);
    },
  );

  it("a FIFO", async () => {
    const pipe = join(dir, "annotate-pipe");
    mkfifo(pipe);
    const r = await mull("annotate", "--set", "dev", "--limit", "1", "--method", "mc", "--out", pipe);
    expect([r.code, r.errLines]).toEqual([2, [`mull: --out: ${pipe} is not a regular file`]]);
  });
});

describe("checkWritable", () => {
  function refusal(file: string): string {
    try {
      checkWritable(file);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error(`${file} was accepted`);
  }

  it("accepts a new file, an existing one and a link to one, leaving no probe file behind", () => {
    const folder = mkdtempSync(join(tmpdir(), "mull-writable-"));
    checkWritable(join(folder, "new.jsonl"));
    writeFileSync(join(folder, "old.jsonl"), "x");
    checkWritable(join(folder, "old.jsonl"));
    symlinkSync("old.jsonl", join(folder, "link.jsonl"));
    checkWritable(join(folder, "link.jsonl"));
    expect(spawnSync("ls", ["-A", folder], { encoding: "utf8" }).stdout.split("\n").filter(Boolean)).toEqual([
      "link.jsonl",
      "old.jsonl",
    ]);
  });

  it("refuses a device and a folder by name", () => {
    expect(refusal("/dev/null")).toBe("--out: /dev/null is not a regular file");
    expect(refusal("/tmp")).toBe("--out: /tmp is a folder; give a file name");
  });
});

describe("whole-number options take decimal digits only", () => {
  it.each(["0x6", "1e3", "0b11", "0o7", " 6", "6 ", "6.0", "+6", ""])("positiveInteger refuses %j", (value) => {
    expect(() => positiveInteger(value)).toThrow(`"${value}" is not a positive integer.`);
  });

  it("reads plain digits, and still refuses what is out of range", () => {
    expect(positiveInteger("6")).toBe(6);
    expect(positiveInteger("06")).toBe(6);
    expect(() => positiveInteger("0")).toThrow('"0" is not a positive integer.');
    expect(numberIn(0, 10, true)("0")).toBe(0);
    expect(() => numberIn(0, 10, true)("-1")).toThrow('"-1" is not an integer from 0 to 10.');
    // A number that is not asked to be whole keeps Number's reading.
    expect(numberIn(0, 2000)("1e3")).toBe(1000);
  });
});
