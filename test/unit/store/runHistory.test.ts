import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../../../src-main/core/store/ConversationStore.js";
import { filterRuns } from "../../../src-main/core/store/filterRuns.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { SCHEMA_VERSION } from "../../../src-main/core/store/storeSchema.js";
import { StoreError } from "../../../src-main/core/store/StoreError.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";

function item(key: string, overrides: Partial<RunItem> = {}): RunItem {
  return {
    key,
    problemId: null,
    problem: "What is 6 * 7?",
    strategy: "beam",
    budget: null,
    policy: "mull-policy-2m",
    reference: null,
    answer: "42",
    correct: null,
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 120, evaluatedTokens: 40, rewardCalls: 6, nodes: 9, ms: 12.5 },
    nonFiniteScores: 0,
    path: [{ text: "Answer: 42", score: 0.9 }],
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

const solveConfig = (problem: string) => ({
  problem,
  strategy: "beam",
  policy: "/m/mull-policy-2m.profile.json",
  prm: "/m/mull-prm-1m.profile.json",
});

describe("the run history in a real SQLite file", () => {
  let file: string;
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), "mull-history-")), "mull.db");
  });

  it("gives each run its columns: problem, strategy, models, answer, correct, spent and duration", () => {
    const store = RunStore.open({ file });
    const solve = store.createRun({ kind: "solve", config: solveConfig("What is 6 * 7?") });
    store.saveItem(solve, item("solve"), tree);
    store.finishRun(solve, "done");
    const sweep = store.createRun({
      kind: "sweep",
      config: { set: "test", limit: 2, prm: "/m/mull-prm-1m.profile.json" },
    });
    store.saveItem(sweep, item("a", { strategy: "greedy", reference: "42", correct: true }));
    store.saveItem(sweep, item("b", { strategy: "beam", reference: "41", answer: "42", correct: false }));
    const [sweepRow, solveRow] = store.listOverviews();
    store.close();
    expect(solveRow).toMatchObject({
      id: solve,
      problem: "What is 6 * 7?",
      strategy: "beam",
      policy: "mull-policy-2m",
      prm: "mull-prm-1m",
      answer: "42",
      correct: null,
      spent: { generatedTokens: 120, evaluatedTokens: 40, rewardCalls: 6 },
      name: null,
    });
    expect(solveRow?.durationMs).toBeGreaterThanOrEqual(0);
    expect(sweepRow).toMatchObject({ id: sweep, answer: null, correct: { right: 1, checked: 2 }, durationMs: null });
    expect(sweepRow?.strategy.split(", ").sort()).toEqual(["beam", "greedy"]);
    expect(sweepRow?.problem).toBe("test set, first 2: 2 items");
    expect(sweepRow?.spent.generatedTokens).toBe(240);
  });

  it("renames a run, keeps the name across reopening, and clears it with an empty name", () => {
    const store = RunStore.open({ file });
    const id = store.createRun({ kind: "solve", config: solveConfig("x") });
    expect(store.renameRun(id, "  first   try ").name).toBe("first try");
    store.close();
    const again = RunStore.open({ file });
    expect(again.run(id).name).toBe("first try");
    expect(again.renameRun(id, "").name).toBeNull();
    expect(() => again.renameRun(id + 1, "x")).toThrow(/no run with id/);
    again.close();
  });

  it("deletes a run with its items, tree and metrics, and leaves the others", () => {
    const store = RunStore.open({ file });
    const kept = store.createRun({ kind: "solve", config: solveConfig("kept") });
    store.saveItem(kept, item("solve"), tree);
    store.finishRun(kept, "done");
    const gone = store.createRun({ kind: "solve", config: solveConfig("gone") });
    store.saveItem(gone, item("solve"), tree);
    store.setMetric(gone, "m", 1);
    store.finishRun(gone, "done");
    store.deleteRun(gone);
    expect(store.listRuns().map((r) => r.id)).toEqual([kept]);
    expect(() => store.run(gone)).toThrow(/no run with id/);
    store.close();
    const db = new Database(file, { readonly: true });
    for (const table of ["items", "trees", "metrics"])
      expect(db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(gone)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM trees WHERE run_id = ?`).pluck().get(kept)).toBe(1);
    db.close();
  });

  it("refuses to delete a chat turn's run alone, or a run still going, in a sentence naming it", () => {
    const store = RunStore.open({ file });
    const conversations = ConversationStore.open({ file });
    const conversationId = conversations.create({ title: "t", policy: "p", system: undefined });
    const chat = store.createRun({ kind: "chat", config: { conversationId, message: "hi", turn: 1 } });
    store.finishRun(chat, "done");
    expect(() => store.deleteRun(chat)).toThrow(StoreError);
    expect(() => store.deleteRun(chat)).toThrow(
      `run ${chat} is a turn of conversation ${conversationId}; delete the conversation`,
    );
    const running = store.createRun({ kind: "solve", config: solveConfig("x") });
    expect(() => store.deleteRun(running)).toThrow(`run ${running} is still running; cancel it first`);
    // Deleting the conversation deletes its run, as before.
    conversations.delete(conversationId);
    expect(store.listRuns().map((r) => r.id)).toEqual([running]);
    conversations.close();
    store.close();
  });

  it("brings a store of the previous schema up to date: its runs keep everything and read with no name", () => {
    // A store as the Mull before names wrote it: a run saved, then the last migration undone.
    const old = RunStore.open({ file });
    const id = old.createRun({ kind: "solve", config: solveConfig("old") });
    old.saveItem(id, item("solve"), tree);
    old.finishRun(id, "done");
    old.close();
    const raw = new Database(file);
    raw.exec(`ALTER TABLE runs DROP COLUMN name`);
    raw.pragma(`user_version = 4`); // the version before the name migration (later ones came after it)
    raw.close();

    const store = RunStore.open({ file });
    expect(store.run(id)).toMatchObject({ id, name: null, status: "done", items: 1 });
    expect(store.tree(id, "solve")?.nodes).toHaveLength(1);
    expect(store.renameRun(id, "from before").name).toBe("from before");
    store.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});

describe("filterRuns", () => {
  const file = join(mkdtempSync(join(tmpdir(), "mull-filter-")), "mull.db");
  const store = RunStore.open({ file });
  const a = store.createRun({ kind: "solve", config: solveConfig("Solve for x: 2x + 3 = 7") });
  store.saveItem(a, item("solve", { answer: "2" }));
  const b = store.createRun({ kind: "solve", config: solveConfig("What is 6 * 7?") });
  store.saveItem(b, item("solve", { strategy: "best-of-n", policy: "mull-policy-6m" }));
  store.renameRun(b, "the product");
  const s = store.createRun({ kind: "sweep", config: { set: "test" } });
  store.saveItem(s, item("a", { reference: "42", correct: true }));
  const runs = store.listOverviews();
  store.close();
  const ids = (filter: Parameters<typeof filterRuns>[1]) => filterRuns(runs, filter).map((r) => r.id);

  it("searches problem, name and answer, every word", () => {
    expect(ids({ search: "2x" })).toEqual([a]);
    expect(ids({ search: "PRODUCT" })).toEqual([b]);
    expect(ids({ search: "6 product" })).toEqual([b]);
    expect(ids({ search: "nothing-like-this" })).toEqual([]);
    expect(ids({ search: "  " })).toEqual([s, b, a]);
  });

  it("filters by kind, strategy, model and correctness", () => {
    expect(ids({ kind: "sweep" })).toEqual([s]);
    expect(ids({ strategy: "best-of-n" })).toEqual([b]);
    expect(ids({ model: "6M" })).toEqual([b]);
    expect(ids({ correct: "right" })).toEqual([s]);
    expect(ids({ correct: "unchecked" })).toEqual([b, a]);
    expect(ids({ correct: "wrong" })).toEqual([]);
  });
});
