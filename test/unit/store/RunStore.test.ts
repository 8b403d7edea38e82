import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { SCHEMA_VERSION } from "../../../src-main/core/store/storeSchema.js";
import { StoreError } from "../../../src-main/core/store/StoreError.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";

const projectDir = join(import.meta.dirname, "../../..");

function item(key: string, overrides: Partial<RunItem> = {}): RunItem {
  return {
    key,
    problemId: `p-${key}`,
    problem: "What is 6 * 7?",
    strategy: "beam",
    budget: 4,
    policy: "mull-policy-2m",
    reference: "42",
    answer: "42",
    correct: true,
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 120, evaluatedTokens: 40, rewardCalls: 6, nodes: 9, ms: 12.5 },
    nonFiniteScores: 0,
    path: [
      { text: "Step 1: 6 * 7 = 42.", score: 0.8 },
      { text: "Answer: 42", score: 0.9 },
    ],
    completedAt: "2026-11-22T04:00:00.000Z",
    ...overrides,
  };
}

const tree: TreeJson = {
  format: "mull-thought-tree",
  version: 1,
  nodes: [
    { id: 0, parent: null, stepText: "", tokenCount: 0, logProb: 0, count: 1, prmScore: null, visits: 0, value: null,
      terminal: false, answer: null, depth: 0, children: [], chosen: true }, // prettier-ignore
  ],
};

describe("RunStore on a real SQLite file", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mull-store-"));
    file = join(dir, "nested", "mull.db");
  });
  afterEach(() => {
    delete process.env.MULL_DATA_DIR;
  });

  it("creates the database file and its folder, in WAL mode, at the current schema version", () => {
    RunStore.open({ file }).close();
    expect(readFileSync(file).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it("puts the store in MULL_DATA_DIR by default", () => {
    process.env.MULL_DATA_DIR = dir;
    const store = RunStore.open();
    expect(store.file).toBe(join(dir, "mull.db"));
    store.close();
    expect(existsSync(join(dir, "mull.db"))).toBe(true);
  });

  it("round-trips a run, its items, trees and metrics across reopening", () => {
    const store = RunStore.open({ file });
    const id = store.createRun({ kind: "sweep", config: { set: "test", budgets: [1, 2] }, outDir: "/out" });
    store.saveItem(id, item("a"), tree);
    store.saveItem(id, item("b", { correct: false, answer: null, budget: null, score: null }));
    store.setMetric(id, "summary", { accuracy: 0.5 });
    store.finishRun(id, "done");
    store.close();

    const again = RunStore.open({ file });
    const run = again.run(id);
    expect(run).toMatchObject({ id, kind: "sweep", status: "done", outDir: "/out", items: 2, error: null });
    expect(run.config).toEqual({ set: "test", budgets: [1, 2] });
    expect(again.items(id)).toEqual([
      item("a"),
      item("b", { correct: false, answer: null, budget: null, score: null }),
    ]);
    expect(again.itemKeys(id)).toEqual(new Set(["a", "b"]));
    expect(again.tree(id, "a")).toEqual(tree);
    expect(again.tree(id, "b")).toBeUndefined();
    expect(again.metrics(id)).toEqual({ summary: { accuracy: 0.5 } });
    expect(again.sweepForOutDir("/out")?.id).toBe(id);
    expect(again.sweepForOutDir("/elsewhere")).toBeUndefined();
    again.close();
  });

  it("lists runs newest first and names a missing run in its error", () => {
    const store = RunStore.open({ file });
    const first = store.createRun({ kind: "solve", config: { problem: "a" } });
    const second = store.createRun({ kind: "compare", config: { problem: "b" } });
    expect(store.listRuns().map((r) => r.id)).toEqual([second, first]);
    expect(() => store.run(999)).toThrow(StoreError);
    expect(() => store.run(999)).toThrow(/no run with id 999/);
    store.close();
  });

  it("refuses an item key saved twice and keeps the first", () => {
    const store = RunStore.open({ file });
    const id = store.createRun({ kind: "sweep", config: {} });
    store.saveItem(id, item("a", { answer: "42" }), tree);
    expect(() => store.saveItem(id, item("a", { answer: "7" }), tree)).toThrow(/UNIQUE/);
    expect(store.items(id).map((i) => i.answer)).toEqual(["42"]);
    store.close();
  });

  it("keeps every committed item when the process is killed mid-run, and shows the run as interrupted", () => {
    const script = `
      import { RunStore } from "./src-main/core/store/RunStore.ts";
      const store = RunStore.open({ file: ${JSON.stringify(file)} });
      const id = store.createRun({ kind: "sweep", config: {} });
      const base = ${JSON.stringify(item("x"))};
      for (const key of ["a", "b", "c"]) store.saveItem(id, { ...base, key });
      process.kill(process.pid, "SIGKILL");
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: projectDir,
      encoding: "utf8",
    });
    expect(child.signal).toBe("SIGKILL");
    const store = RunStore.open({ file });
    const [run] = store.listRuns();
    expect(run).toMatchObject({ status: "interrupted", items: 3 });
    expect([...store.itemKeys(run?.id ?? 0)].sort()).toEqual(["a", "b", "c"]);
    store.close();
  });

  it("refuses a store written by a newer Mull without changing it", () => {
    const db = new Database(file.replace("nested/", ""));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const newer = file.replace("nested/", "");
    const before = readFileSync(newer);
    expect(() => RunStore.open({ file: newer })).toThrow(/newer than this Mull's/);
    expect(readFileSync(newer).equals(before)).toBe(true);
  });

  it("refuses a file that is not a database, naming it, and leaves it as it was", () => {
    const notDb = join(dir, "notes.db");
    writeFileSync(notDb, "these are my notes, not a database\n".repeat(200));
    const before = readFileSync(notDb);
    const error = (() => {
      try {
        RunStore.open({ file: notDb });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).file).toBe(notDb);
    expect(readFileSync(notDb).equals(before)).toBe(true);
  });
});
