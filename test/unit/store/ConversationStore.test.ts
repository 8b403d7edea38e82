import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { ChatTurnResult } from "../../../src-main/core/chat/ChatTurn.js";
import { exportConversation } from "../../../src-main/core/chat/exportConversation.js";
import { ConversationStore, exchangesOf } from "../../../src-main/core/store/ConversationStore.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { StoreError } from "../../../src-main/core/store/StoreError.js";

const file = (): string => join(mkdtempSync(join(tmpdir(), "mull-conv-")), "mull.db");
const result = (answer: string, stoppedBy: ChatTurnResult["stoppedBy"] = "done"): ChatTurnResult => ({
  reasoning: `thinking about ${answer}`,
  answer,
  reasoningFormat: "steps",
  tokens: { context: 10, reasoning: 5, answer: 2 },
  budgetHit: false,
  stoppedBy,
  droppedExchanges: 0,
  timeToFirstTokenMs: 3,
  tokensPerSecond: 100,
  ms: 50,
  tokenIds: { context: [1, 2], reasoning: [3] },
});

describe("ConversationStore (a real SQLite file)", () => {
  it("saves a message before its reply, the reply when it ends, and reopens both", () => {
    const f = file();
    const store = ConversationStore.open({ file: f });
    const id = store.create({ title: "t", policy: "p", system: "be brief" });
    const turn = store.startTurn(id, "2 + 2?");
    expect(store.get(id).messages[0]).toMatchObject({ index: 0, user: "2 + 2?", status: "running", answer: "" });
    store.finishTurn(id, turn, { result: result("4") });
    store.close();
    const again = ConversationStore.open({ file: f });
    const c = again.get(id);
    expect(c).toMatchObject({ title: "t", policy: "p", system: "be brief", turns: 1 });
    expect(c.messages[0]).toMatchObject({ status: "done", reasoning: "thinking about 4", answer: "4" });
    // Token ids are for tests and debugging; they are not saved.
    expect(c.messages[0]?.result).not.toHaveProperty("tokenIds");
    expect(c.messages[0]?.result?.tokens).toEqual({ context: 10, reasoning: 5, answer: 2 });
    again.close();
  });

  it("gives later turns the ended exchanges only: no failed turn, no turn without an answer, no reasoning", () => {
    const store = ConversationStore.open({ file: file() });
    const id = store.create({ title: "t", policy: "p" });
    store.finishTurn(id, store.startTurn(id, "a"), { result: result("1") });
    store.finishTurn(id, store.startTurn(id, "b"), { error: "the engine stopped", reasoning: "half" });
    store.finishTurn(id, store.startTurn(id, "c"), { result: result("3", "aborted") });
    store.finishTurn(id, store.startTurn(id, "d"), { result: result("", "aborted") });
    store.startTurn(id, "e");
    const c = store.get(id);
    expect(c.messages.map((t) => t.status)).toEqual(["done", "failed", "stopped", "stopped", "running"]);
    expect(c.messages[1]).toMatchObject({ error: "the engine stopped", reasoning: "half" });
    expect(exchangesOf(c)).toEqual([
      { user: "a", answer: "1" },
      { user: "c", answer: "3" },
    ]);
    const md = exportConversation(c, "markdown").content;
    expect(md).toContain("_(failed: the engine stopped)_");
    expect(md).toContain("_(interrupted)_");
    store.close();
  });

  it("lists, renames and deletes; an unknown id is a StoreError naming it", () => {
    const store = ConversationStore.open({ file: file() });
    const a = store.create({ title: "first", policy: "p" });
    const b = store.create({ title: "second", policy: "p" });
    store.startTurn(a, "newer activity");
    expect(store.list().map((c) => c.id)).toEqual([a, b]);
    store.rename(b, "renamed");
    expect(store.get(b).title).toBe("renamed");
    store.delete(a);
    expect(store.list().map((c) => c.title)).toEqual(["renamed"]);
    expect(() => store.get(a)).toThrow(StoreError);
    expect(() => store.get(a)).toThrow(`no conversation with id ${a}`);
    expect(() => store.rename(a, "x")).toThrow(StoreError);
    store.close();
  });

  it("deletes a conversation's turn runs with it, and forgets a refused turn and the conversation it started", () => {
    const f = file();
    const runs = RunStore.open({ file: f });
    const store = ConversationStore.open({ file: f });
    const a = store.create({ title: "a", policy: "p" });
    const b = store.create({ title: "b", policy: "p" });
    const runA = runs.createRun({ kind: "chat", config: { conversationId: a, turn: 0 } });
    const runB = runs.createRun({ kind: "chat", config: { conversationId: b, turn: 0 } });
    store.delete(a);
    expect(() => runs.run(runA)).toThrow(StoreError);
    expect(runs.run(runB).kind).toBe("chat");
    store.removeTurn(b, store.startTurn(b, "refused"));
    expect(() => store.get(b)).toThrow(StoreError);
    store.close();
    runs.close();
  });

  it("shares the run store's file: runs saved before the chat tables existed stay", () => {
    const f = file();
    const runs = RunStore.open({ file: f });
    const runId = runs.createRun({ kind: "solve", config: { problem: "x" } });
    runs.close();
    // An older store: back to the version before the chat tables.
    const db = new Database(f);
    db.exec("DROP TABLE chat_turns; DROP TABLE conversations;");
    db.pragma("user_version = 3");
    db.close();
    const store = ConversationStore.open({ file: f });
    expect(store.list()).toEqual([]);
    store.close();
    const reopened = RunStore.open({ file: f });
    expect(reopened.run(runId).config).toEqual({ problem: "x" });
    reopened.close();
  });
});
