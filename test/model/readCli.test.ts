import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateLedger } from "../../src-main/core/memory/ledger/generateLedger.js";

const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
let env: NodeJS.ProcessEnv;
let dir: string;

function mull(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, encoding: "utf8", env, timeout: 120_000 });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-read-cli-"));
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
});

// `mull read` on the embedded reader through node-llama-cpp: the issue's --json shape, a saved run, bad input.
describe("mull read", () => {
  it("--json prints one object with the answer, the memory, every chunk's report and the baseline, and saves the run", () => {
    const doc = generateLedger("cli-test", 515151, { events: 40 });
    const file = join(dir, "ledger.txt");
    writeFileSync(file, doc.text);
    const question = doc.questions[0]?.question ?? "Where is the key now?";
    const r = mull("read", file, "--question", question, "--chunk-tokens", "48", "--baseline", "truncate", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      answer: string;
      memory: { people?: object };
      chunks: { index: number; tokens: number; revisions: { op: string; applied: boolean }[]; encodedTokens: number }[];
      spent: object;
      baseline?: { answer: string; encodedTokens: number };
      runId: string;
    };
    expect(typeof out.answer).toBe("string");
    expect(out.memory.people).toBeDefined();
    expect(out.chunks.length).toBeGreaterThan(2);
    expect(out.chunks.map((c) => c.index)).toEqual(out.chunks.map((_, i) => i));
    for (const c of out.chunks) {
      expect(c.tokens).toBeLessThanOrEqual(48);
      expect(c.encodedTokens).toBeGreaterThan(0);
    }
    // The opening sentences add people: the trained reader writes at least one applied revision.
    expect(out.chunks.flatMap((c) => c.revisions).some((v) => v.applied)).toBe(true);
    expect(out.baseline?.encodedTokens).toBeGreaterThan(0);
    const shown = mull("runs", "show", out.runId);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("read, done");
    expect(shown.stdout).toContain(`Answer: ${out.answer}`);
  });

  it("refuses an empty file in one line naming it", () => {
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    const r = mull("read", empty, "--question", "Where is the key?");
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("empty.txt");
  });
});
