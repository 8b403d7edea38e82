import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { zeroAnnotationCost, type AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { SCHEMA_VERSION } from "../../../src-main/core/store/storeSchema.js";
import { StoreError } from "../../../src-main/core/store/StoreError.js";

function item(key: string): RunItem {
  return {
    key,
    problemId: "dev-00001",
    problem: "What is 6 * 7?",
    strategy: "mcts",
    budget: null,
    policy: "mull-policy-2m",
    reference: "42",
    answer: "42",
    correct: true,
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 12, evaluatedTokens: 4, rewardCalls: 2, nodes: 3, ms: 1.5 },
    nonFiniteScores: 0,
    path: [{ text: "Answer: 42", score: 0.9 }],
    completedAt: "2026-12-01T00:00:00.000Z",
  };
}

function solution(method: AnnotatedSolution["method"], soft: number): AnnotatedSolution {
  return {
    problemId: "run-1/solve",
    problem: "What is 6 * 7?",
    reference: "42",
    steps: ["6 * 7 = 42.", "Answer: 42"],
    answer: "42",
    correct: true,
    method,
    soft: [soft, 1],
    hard: [1, 1],
    rolloutsPerStep: [4, 0],
    firstError: null,
    cost: { ...zeroAnnotationCost(), rollouts: 4 },
  };
}

const tmpFile = () => join(mkdtempSync(join(tmpdir(), "mull-annotations-")), "mull.db");

describe("annotations saved with a run (real SQLite file)", () => {
  it("saves, replaces by method, lists newest first, and reads back what was saved", () => {
    const file = tmpFile();
    const store = RunStore.open({ file });
    const run = store.createRun({ kind: "solve", config: {} });
    store.saveItem(run, item("solve"));
    store.saveAnnotation(run, "solve", [solution("mc", 0.5)]);
    store.saveAnnotation(run, "solve", [solution("tree", 0.25)]);
    store.saveAnnotation(run, "solve", [solution("mc", 0.75)]); // replaces the first
    store.close();

    const reopened = RunStore.open({ file });
    const saved = reopened.annotations(run);
    expect(saved.map((a) => a.method)).toEqual(["mc", "tree"]);
    expect(saved[0]?.solutions).toEqual([solution("mc", 0.75)]);
    expect(reopened.annotations(run, "solve")).toHaveLength(2);
    expect(reopened.annotations(run, "other")).toEqual([]);
    reopened.close();
  });

  it("refuses an item the run does not have, and solutions of mixed methods, naming run and key", () => {
    const store = RunStore.open({ file: tmpFile() });
    const run = store.createRun({ kind: "solve", config: {} });
    store.saveItem(run, item("solve"));
    expect(() => store.saveAnnotation(run, "nope", [solution("mc", 1)])).toThrow(`run ${run} has no item nope`);
    expect(() => store.saveAnnotation(run, "solve", [solution("mc", 1), solution("omega", 1)])).toThrow(StoreError);
    expect(() => store.saveAnnotation(run, "solve", [])).toThrow(/no solutions and no method/);
    store.saveAnnotation(run, "solve", [], "tree"); // a tree with no finished path is an annotation too
    expect(store.annotations(run)[0]).toMatchObject({ method: "tree", solutions: [] });
    store.close();
  });

  it("deletes a run's annotations with the run", () => {
    const file = tmpFile();
    const store = RunStore.open({ file });
    const run = store.createRun({ kind: "solve", config: {} });
    store.saveItem(run, item("solve"));
    store.saveAnnotation(run, "solve", [solution("mc", 1)]);
    store.finishRun(run, "done");
    store.deleteRun(run);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM annotations").pluck().get()).toBe(0);
    db.close();
  });

  it("adds the annotations table to a store from before it, keeping its runs", () => {
    const file = tmpFile();
    const old = RunStore.open({ file });
    const run = old.createRun({ kind: "solve", config: { problem: "x" } });
    old.saveItem(run, item("solve"));
    old.close();
    const raw = new Database(file);
    raw.exec("DROP TABLE annotations");
    raw.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    raw.close();

    const store = RunStore.open({ file });
    expect(store.items(run)).toHaveLength(1);
    store.saveAnnotation(run, "solve", [solution("omega", 1)]);
    expect(store.annotations(run)).toHaveLength(1);
    store.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
