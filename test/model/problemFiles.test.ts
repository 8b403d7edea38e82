import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// `mull sweep` over problem files written here, on the real engines (the 2M policy, the token-score test PRM).
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
// Short grids, so that the old code (which ran these sets) fails fast too.
const grid = ["--strategies", "greedy", "--budgets", "1"];
const models = [
  "--policies",
  join(projectDir, "models/mull-policy-2m.profile.json"),
  "--prm",
  join(projectDir, "test/fixtures/prm-formats/token-score-gguf.profile.json"),
];
let dir: string;
let env: NodeJS.ProcessEnv;

const line = (id: string, answer: string, problem = "Compute 2 + 3.") =>
  JSON.stringify({ id, family: "multi-step-arithmetic", difficulty: 1, problem, answer, solution: "" }) + "\n";

function mull(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", env, timeout: 300_000 });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-problem-files-"));
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
});

describe("mull sweep on problem files", () => {
  it("runs a set saved with a byte-order mark, and warns (file, line, value) about a reference it cannot read", () => {
    const set = join(dir, "bom.jsonl");
    writeFileSync(set, "\uFEFF" + line("p1", "five") + line("p2", "5", "Compute 1 + 4."));
    const out = join(dir, "out-bom");
    const r = mull("sweep", "--set", set, "--out", out, ...grid, ...models);
    expect(r.status, r.stderr).toBe(0);
    const warning =
      `mull: warning: ${set}:1: field "answer": the answer checker cannot read "five" as a number or ` +
      "expression; only that exact text will be graded correct";
    expect(r.stderr.split("\n")[0]).toBe(warning);
    expect(r.stderr).toContain("mull: warning: 1 reference answer(s) the answer checker cannot read (above)");
    // Both problems ran: greedy, self-consistency@1 and best-of-n@1 on each.
    expect(r.stdout).toContain("Run 1: 6 items run, 0 already done");
    const rows = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n").slice(1);
    expect(new Set(rows.map((row) => row.split(",")[1]))).toEqual(new Set(["p1", "p2"]));
  });

  it("refuses a set that repeats an id, naming the file and line, before anything runs", () => {
    const set = join(dir, "dup.jsonl");
    writeFileSync(set, line("a", "5") + line("b", "5") + line("a", "6"));
    const r = mull("sweep", "--set", set, "--out", join(dir, "out-dup"), ...grid, ...models);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`mull: --set: ${set}:3: field "id": "a" is already the id of line 1; ids must be unique\n`);
  });

  it("refuses an empty set: nothing completes and nothing is saved", () => {
    const set = join(dir, "empty.jsonl");
    writeFileSync(set, "\n\n");
    const r = mull("sweep", "--set", set, "--out", join(dir, "out-empty"), ...grid, ...models);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`mull: --set: ${set}: holds no problems: the file is empty or has only blank lines\n`);
    const runs = JSON.parse(mull("runs", "--json").stdout) as { outDir: string | null }[];
    expect(runs.map((run) => run.outDir)).not.toContain(join(dir, "out-empty"));
  });
});
