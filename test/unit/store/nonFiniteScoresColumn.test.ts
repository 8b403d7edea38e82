import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";

const item = (key: string, nonFiniteScores: number): RunItem => ({
  key,
  problemId: null,
  problem: "p",
  strategy: "best-of-n",
  budget: null,
  policy: "mull-policy-6m",
  reference: null,
  answer: "2",
  correct: null,
  score: 0.7,
  stoppedBy: "complete",
  spent: { generatedTokens: 10, evaluatedTokens: 5, rewardCalls: 3, nodes: 3, ms: 1 },
  nonFiniteScores,
  path: [{ text: "Answer: 2", score: 0.7 }],
  completedAt: "2026-12-01T00:00:00.000Z",
});

describe("the run store keeps each item's count of non-finite reward scores", () => {
  it("saves and reads it back, and gives items saved before the column existed 0", () => {
    const file = join(mkdtempSync(join(tmpdir(), "mull-nonfinite-")), "mull.db");
    const store = RunStore.open({ file });
    const run = store.createRun({ kind: "solve", config: {} });
    store.close();
    // Make the file what an older Mull left: schema version 1, no column, one item saved without it.
    const db = new Database(file);
    db.exec(`ALTER TABLE items DROP COLUMN non_finite_scores`);
    db.exec(`ALTER TABLE items DROP COLUMN distinct_answers`);
    db.exec(`DROP TABLE chat_turns; DROP TABLE conversations`);
    const { nonFiniteScores: _, ...old } = item("old", 0);
    db.prepare(
      `INSERT INTO items (run_id, key, problem_id, problem, strategy, budget, policy, reference, answer, correct,
       score, stopped_by, generated_tokens, evaluated_tokens, reward_calls, nodes, ms, path, completed_at)
       VALUES (?, ?, NULL, ?, ?, NULL, ?, NULL, ?, NULL, ?, ?, 10, 5, 3, 3, 1, ?, ?)`,
    ).run(
      run,
      old.key,
      old.problem,
      old.strategy,
      old.policy,
      old.answer,
      old.score,
      old.stoppedBy,
      JSON.stringify(old.path),
      old.completedAt,
    );
    db.pragma("user_version = 1");
    db.close();

    const reopened = RunStore.open({ file });
    reopened.saveItem(run, item("new", 3));
    expect(reopened.items(run)).toEqual([item("old", 0), item("new", 3)]);
    reopened.close();
  });

  it("keeps an item's distinct answers (sample diversity), and none for items saved without it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "mull-distinct-")), "mull.db");
    const store = RunStore.open({ file });
    const run = store.createRun({ kind: "sweep", config: {} });
    store.saveItem(run, { ...item("a", 0), distinctAnswers: 3 });
    store.saveItem(run, item("b", 0));
    expect(store.items(run).map((i) => i.distinctAnswers)).toEqual([3, undefined]);
    store.close();
  });
});
