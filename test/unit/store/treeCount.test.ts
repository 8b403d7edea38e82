import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";

const item: RunItem = {
  key: "solve",
  problemId: null,
  problem: "p",
  strategy: "self-consistency",
  budget: null,
  policy: "mull-policy-6m",
  reference: null,
  answer: null,
  correct: null,
  score: null,
  stoppedBy: "complete",
  spent: { generatedTokens: 2, evaluatedTokens: 3, rewardCalls: 0, nodes: 1, ms: 1 },
  nonFiniteScores: 0,
  path: [],
  completedAt: "2026-12-01T00:00:00.000Z",
};

describe("trees in the run store and the node count", () => {
  it("keeps a node's count, and reads a tree saved before counts existed with count 1 on every node", () => {
    const file = join(mkdtempSync(join(tmpdir(), "mull-count-")), "mull.db");
    const tree = new ThoughtTree();
    tree.addNode(0, { stepText: "s", tokenCount: 1, logProb: -1, terminal: false, answer: null });
    tree.addSample(1);
    const store = RunStore.open({ file });
    const run = store.createRun({ kind: "solve", config: {} });
    store.saveItem(run, item, tree.toJSON());
    expect(store.tree(run, "solve")?.nodes.map((n) => n.count)).toEqual([1, 2]);
    // What an older Mull saved: the same tree without the field.
    const old = tree.toJSON() as unknown as { nodes: Record<string, unknown>[] };
    for (const node of old.nodes) delete node.count;
    store.saveItem(run, { ...item, key: "old" }, undefined);
    store.close();
    const db = new Database(file);
    db.prepare(`INSERT INTO trees (run_id, key, tree) VALUES (?, 'old', ?)`).run(run, gzipSync(JSON.stringify(old)));
    db.close();
    const reopened = RunStore.open({ file });
    expect(reopened.tree(run, "old")?.nodes.map((n) => n.count)).toEqual([1, 1]);
    reopened.close();
  });
});
