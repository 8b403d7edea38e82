import type Database from "better-sqlite3";
import type { ChatExchange, ChatTurnResult } from "../chat/ChatTurn.js";
import { RunStore } from "./RunStore.js";
import { openStoreDatabase } from "./openStoreDatabase.js";
import { StoreError } from "./StoreError.js";

/**
 * How a saved turn stands: `running` while it generates (a crash leaves it so: it is shown as interrupted),
 * `done`, `stopped` (Stop kept what was written), `failed` (the error says why; the message is kept).
 */
export type TurnStatus = "running" | "done" | "stopped" | "failed";

/** A turn as saved: the user's message and, once it ends, the reasoning, the answer and the measured result. */
export interface SavedTurn {
  index: number;
  user: string;
  status: TurnStatus;
  reasoning: string;
  answer: string;
  /** The turn's tokens, budget, timings (ChatTurnResult without the text and token ids); null until it ends. */
  result: Omit<ChatTurnResult, "reasoning" | "answer" | "tokenIds"> | null;
  error: string | null;
  createdAt: string;
}

/** A conversation's header, as the conversation list shows it. */
export interface ConversationRecord {
  id: number;
  title: string;
  /** The policy it talks to: a profile path or an embedded name, as given. */
  policy: string;
  system: string | null;
  createdAt: string;
  updatedAt: string;
  turns: number;
}

/** A conversation with every turn, oldest first. */
export interface Conversation extends ConversationRecord {
  messages: SavedTurn[];
}

/**
 * Conversations in the run store's SQLite file (their own tables, same migrations). A turn's message is saved the
 * moment it is sent and its reply the moment it ends, so a crash or a failed turn loses nothing already written.
 */
export class ConversationStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  static open(options: { file?: string } = {}): ConversationStore {
    const file = options.file ?? RunStore.defaultFile();
    return new ConversationStore(file, openStoreDatabase(file, "the conversation store"));
  }

  create(conversation: { title: string; policy: string; system?: string | undefined }): number {
    const at = now();
    const info = this.db
      .prepare(
        `INSERT INTO conversations (title, policy, system, created_at, updated_at, activity)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(activity), 0) + 1 FROM conversations))`,
      )
      .run(conversation.title, conversation.policy, conversation.system ?? null, at, at);
    return Number(info.lastInsertRowid);
  }

  /** Every conversation, most recently updated first. */
  list(): ConversationRecord[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, (SELECT COUNT(*) FROM chat_turns t WHERE t.conversation_id = c.id) AS turns
         FROM conversations c ORDER BY c.activity DESC, c.id DESC`,
      )
      .all() as ConversationRow[];
    return rows.map(toRecord);
  }

  /** One conversation with its turns; a StoreError naming the id when there is none. */
  get(id: number): Conversation {
    const row = this.db
      .prepare(
        `SELECT c.*, (SELECT COUNT(*) FROM chat_turns t WHERE t.conversation_id = c.id) AS turns
         FROM conversations c WHERE c.id = ?`,
      )
      .get(id) as ConversationRow | undefined;
    if (!row) throw new StoreError(this.file, `no conversation with id ${id}`);
    const turns = this.db
      .prepare(`SELECT * FROM chat_turns WHERE conversation_id = ? ORDER BY idx`)
      .all(id) as TurnRow[];
    return { ...toRecord(row), messages: turns.map(toTurn) };
  }

  rename(id: number, title: string): void {
    const info = this.db.prepare(`UPDATE conversations SET title = ? WHERE id = ?`).run(title, id);
    if (info.changes === 0) throw new StoreError(this.file, `no conversation with id ${id}`);
  }

  /** Deletes a conversation, its turns and the runs those turns were (kind `chat`, with their trees). */
  delete(id: number): void {
    this.db.transaction(() => {
      const info = this.db.prepare(`DELETE FROM conversations WHERE id = ?`).run(id);
      if (info.changes === 0) throw new StoreError(this.file, `no conversation with id ${id}`);
      this.db.prepare(`DELETE FROM runs WHERE kind = 'chat' AND json_extract(config, '$.conversationId') = ?`).run(id);
    })();
  }

  /**
   * Forgets a turn that was refused before it ran (a message too long for the context, a budget the model cannot
   * take): it was never the user's conversation. A conversation left without turns goes with it.
   */
  removeTurn(id: number, index: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM chat_turns WHERE conversation_id = ? AND idx = ?`).run(id, index);
      const left = this.db.prepare(`SELECT COUNT(*) FROM chat_turns WHERE conversation_id = ?`).pluck().get(id);
      if (left === 0) this.db.prepare(`DELETE FROM conversations WHERE id = ?`).run(id);
    })();
  }

  /** Saves a new message as a running turn; returns its index. */
  startTurn(id: number, user: string): number {
    return this.db.transaction(() => {
      this.get(id);
      const index =
        (this.db.prepare(`SELECT MAX(idx) FROM chat_turns WHERE conversation_id = ?`).pluck().get(id) as
          number | null) ?? -1;
      const at = now();
      this.db
        .prepare(
          `INSERT INTO chat_turns (conversation_id, idx, user, status, created_at) VALUES (?, ?, ?, 'running', ?)`,
        )
        .run(id, index + 1, user, at);
      this.touch(id, at);
      return index + 1;
    })();
  }

  /** Saves how a turn ended: its reply (whole, or what Stop kept), or the error that ended it. */
  finishTurn(
    id: number,
    index: number,
    outcome: { result: ChatTurnResult } | { error: string; reasoning?: string; answer?: string },
  ): void {
    if ("result" in outcome) {
      const { reasoning, answer, tokenIds: _ids, ...rest } = outcome.result;
      const status: TurnStatus = outcome.result.stoppedBy === "aborted" ? "stopped" : "done";
      this.db
        .prepare(
          `UPDATE chat_turns SET status = ?, reasoning = ?, answer = ?, result = ? WHERE conversation_id = ? AND idx = ?`,
        )
        .run(status, reasoning, answer, JSON.stringify(rest), id, index);
    } else {
      this.db
        .prepare(
          `UPDATE chat_turns SET status = 'failed', reasoning = ?, answer = ?, error = ? WHERE conversation_id = ? AND idx = ?`,
        )
        .run(outcome.reasoning ?? "", outcome.answer ?? "", outcome.error, id, index);
    }
    this.touch(id, now());
  }

  /** Marks a conversation as the most recently active: the list's order, exact even within a millisecond. */
  private touch(id: number, at: string): void {
    this.db
      .prepare(
        `UPDATE conversations SET updated_at = ?, activity = (SELECT MAX(activity) + 1 FROM conversations) WHERE id = ?`,
      )
      .run(at, id);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The exchanges a conversation's next turn is generated after: every ended turn with an answer (done, or stopped
 * after its answer began), message and answer only. Failed turns and turns that never answered are left out.
 */
export function exchangesOf(conversation: Conversation): ChatExchange[] {
  return conversation.messages
    .filter((t) => (t.status === "done" || t.status === "stopped") && t.answer !== "")
    .map((t) => ({ user: t.user, answer: t.answer }));
}

interface ConversationRow {
  id: number;
  title: string;
  policy: string;
  system: string | null;
  created_at: string;
  updated_at: string;
  turns: number;
}

interface TurnRow {
  idx: number;
  user: string;
  status: TurnStatus;
  reasoning: string;
  answer: string;
  result: string | null;
  error: string | null;
  created_at: string;
}

function toRecord(r: ConversationRow): ConversationRecord {
  return {
    id: r.id,
    title: r.title,
    policy: r.policy,
    system: r.system,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    turns: r.turns,
  };
}

function toTurn(r: TurnRow): SavedTurn {
  return {
    index: r.idx,
    user: r.user,
    status: r.status,
    reasoning: r.reasoning,
    answer: r.answer,
    result: r.result === null ? null : (JSON.parse(r.result) as SavedTurn["result"]),
    error: r.error,
    createdAt: r.created_at,
  };
}

function now(): string {
  return new Date().toISOString();
}
