import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type Database from "better-sqlite3";
import type { AnnotatedSolution, AnnotationMethod } from "../annotate/AnnotatedSolution.js";
import { checkTreeJson } from "../tree/checkTreeJson.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { itemRow, type ItemRow } from "./itemRow.js";
import { runRow, type RunRow } from "./runRow.js";
import type { RunItem, RunKind, RunRecord } from "./RunRecord.js";
import { runOverview, type RunOverview } from "./RunOverview.js";
import { openStoreDatabase } from "./openStoreDatabase.js";
import { StoreError } from "./StoreError.js";
import { userDataDir } from "./userDataDir.js";

/** Options of {@link RunStore.open}. */
export interface RunStoreOptions {
  /** The SQLite database file, created with its folder if missing. Default `mull.db` in userDataDir(). */
  file?: string;
}

/** A run to start: what kind, the configuration it runs with, and (for a sweep) its output folder. */
export interface NewRun {
  kind: RunKind;
  config: unknown;
  outDir?: string | null;
}

/**
 * Runs, their configurations, per-item results, trees and metrics in one SQLite file (better-sqlite3). WAL
 * journaling: an item is committed the moment it completes, so a killed process loses at most the item in
 * flight, and another process (the app, a second CLI) can read while a sweep writes. Trees are stored
 * gzipped: they are the bulk of a sweep and JSON compresses about tenfold.
 */
export class RunStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  static defaultFile(): string {
    return join(userDataDir(), "mull.db");
  }

  static open(options: RunStoreOptions = {}): RunStore {
    const file = options.file ?? RunStore.defaultFile();
    return new RunStore(file, openStoreDatabase(file, "the run store"));
  }

  createRun(run: NewRun): number {
    const info = this.db
      .prepare(`INSERT INTO runs (kind, status, created_at, out_dir, config, pid) VALUES (?, 'running', ?, ?, ?, ?)`)
      .run(run.kind, now(), run.outDir ?? null, JSON.stringify(run.config), process.pid);
    return Number(info.lastInsertRowid);
  }

  /** Takes a run up again (a resumed sweep): running under this process, with the configuration it resumes with. */
  resumeRun(id: number, config: unknown): void {
    this.run(id);
    this.db
      .prepare(`UPDATE runs SET status = 'running', finished_at = NULL, error = NULL, pid = ?, config = ? WHERE id = ?`)
      .run(process.pid, JSON.stringify(config), id);
  }

  finishRun(id: number, status: "done" | "cancelled" | "failed", error: string | null = null): void {
    this.db
      .prepare(`UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?`)
      .run(status, now(), error, id);
  }

  /** Saves a completed item and its tree in one transaction: both are there, or neither. A key saved twice throws. */
  saveItem(runId: number, item: RunItem, tree?: TreeJson): void {
    this.db.transaction(() => {
      const row = { ...itemRow.from(item), run_id: runId };
      const columns = Object.keys(row);
      this.db
        .prepare(`INSERT INTO items (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`)
        .run(row);
      if (tree)
        this.db
          .prepare(`INSERT INTO trees (run_id, key, tree) VALUES (?, ?, ?)`)
          .run(runId, item.key, gzipSync(JSON.stringify(tree)));
    })();
  }

  itemKeys(runId: number): Set<string> {
    const rows = this.db.prepare(`SELECT key FROM items WHERE run_id = ?`).pluck().all(runId) as string[];
    return new Set(rows);
  }

  /** A run's items in the order they completed. */
  items(runId: number): RunItem[] {
    const rows = this.db.prepare(`SELECT * FROM items WHERE run_id = ? ORDER BY rowid`).all(runId) as ItemRow[];
    return rows.map(itemRow.to);
  }

  /**
   * An item's tree, checked (a TreeFormatError naming the field if damaged) and with fields added since it was
   * saved filled in (checkTreeJson), so trees saved by an older Mull read as current ones.
   */
  tree(runId: number, key: string): TreeJson | undefined {
    const blob = this.db.prepare(`SELECT tree FROM trees WHERE run_id = ? AND key = ?`).pluck().get(runId, key);
    return blob ? checkTreeJson(JSON.parse(gunzipSync(blob as Buffer).toString("utf8"))) : undefined;
  }

  /**
   * Saves step labels estimated for one of a run's items (the app's Annotate action), replacing an earlier
   * annotation of that item by the same method. `method` defaults to the solutions' own (all must share it).
   *
   * @throws StoreError naming the run and key: no such item, an empty list without `method`, or mixed methods
   */
  saveAnnotation(runId: number, key: string, solutions: readonly AnnotatedSolution[], method?: AnnotationMethod): void {
    const methods = new Set(solutions.map((s) => s.method));
    const chosen = method ?? solutions[0]?.method;
    if (chosen === undefined)
      throw new StoreError(this.file, `annotation of run ${runId} item ${key}: no solutions and no method given`);
    if (methods.size > 1 || (methods.size === 1 && !methods.has(chosen)))
      throw new StoreError(
        this.file,
        `annotation of run ${runId} item ${key}: solutions labelled by ${[...methods].join(" and ")}, saved as ${chosen}`,
      );
    if (!this.itemKeys(runId).has(key)) throw new StoreError(this.file, `run ${runId} has no item ${key}`);
    this.db
      .prepare(
        // REPLACE (delete, then insert) rather than an upsert: the new row takes the highest rowid, so the
        // rowid order is the save order even within one millisecond.
        `INSERT OR REPLACE INTO annotations (run_id, key, method, data, created) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(runId, key, chosen, JSON.stringify(solutions), now());
  }

  /** The annotations saved with a run (or one of its items, by key), newest first. */
  annotations(runId: number, key?: string): SavedAnnotation[] {
    const rows = this.db
      .prepare(
        `SELECT key, method, data, created FROM annotations WHERE run_id = ? ${key === undefined ? "" : "AND key = ?"}
         ORDER BY rowid DESC`,
      )
      .all(...(key === undefined ? [runId] : [runId, key])) as {
      key: string;
      method: AnnotationMethod;
      data: string;
      created: string;
    }[];
    return rows.map((r) => ({
      key: r.key,
      method: r.method,
      solutions: JSON.parse(r.data) as AnnotatedSolution[],
      created: r.created,
    }));
  }

  setMetric(runId: number, name: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO metrics (run_id, name, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value`,
      )
      .run(runId, name, JSON.stringify(value));
  }

  metrics(runId: number): Record<string, unknown> {
    const rows = this.db.prepare(`SELECT name, value FROM metrics WHERE run_id = ? ORDER BY name`).all(runId) as {
      name: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value) as unknown]));
  }

  /** One run; a StoreError naming the id when there is none. */
  run(id: number): RunRecord {
    const row = this.db.prepare(`SELECT ${runRow.columns} FROM runs r WHERE r.id = ?`).get(id) as RunRow | undefined;
    if (!row) throw new StoreError(this.file, `no run with id ${id}`);
    return runRow.to(row);
  }

  /** Every run, newest first. */
  listRuns(): RunRecord[] {
    return (this.db.prepare(`SELECT ${runRow.columns} FROM runs r ORDER BY r.id DESC`).all() as RunRow[]).map(
      runRow.to,
    );
  }

  /**
   * Every run as a row of the run history, newest first: the record and its items' totals (strategies, policies,
   * the first answers, checked and right counts, tokens), summed by SQLite in one pass over the items.
   */
  listOverviews(): RunOverview[] {
    return this.overviews(this.listRuns());
  }

  /** One run's history row; a StoreError naming the id when there is none. */
  overview(id: number): RunOverview {
    return this.overviews([this.run(id)])[0] as RunOverview;
  }

  private overviews(runs: RunRecord[]): RunOverview[] {
    const only = runs.length === 1 ? `WHERE run_id = ${Number(runs[0]?.id)}` : "";
    const totals = this.db
      .prepare(
        `SELECT run_id, json_group_array(DISTINCT strategy) AS strategies, json_group_array(DISTINCT policy) AS policies,
                count(correct) AS checked, coalesce(sum(correct), 0) AS right,
                sum(generated_tokens) AS generated, sum(evaluated_tokens) AS evaluated, sum(reward_calls) AS calls
         FROM items ${only} GROUP BY run_id`,
      )
      .all() as ItemSums[];
    const byRun = new Map(totals.map((t) => [t.run_id, t]));
    // Answers only for the kinds that show them (a solve has one item, a compare one per policy: at most 4, a prove
    // one: its verdict).
    const answers = this.db.prepare(`SELECT answer FROM items WHERE run_id = ? ORDER BY rowid LIMIT 4`).pluck();
    return runs.map((run) => {
      const t = byRun.get(run.id);
      return runOverview(run, {
        strategies: t ? (JSON.parse(t.strategies) as string[]) : [],
        policies: t ? (JSON.parse(t.policies) as string[]) : [],
        answers:
          t && (run.kind === "solve" || run.kind === "compare" || run.kind === "prove")
            ? (answers.all(run.id) as (string | null)[])
            : [],
        checked: t?.checked ?? 0,
        right: t?.right ?? 0,
        generatedTokens: t?.generated ?? 0,
        evaluatedTokens: t?.evaluated ?? 0,
        rewardCalls: t?.calls ?? 0,
      });
    });
  }

  /**
   * Names a run (trimmed; an empty name clears it). Returns the renamed record.
   *
   * @throws StoreError naming the id when there is no such run
   */
  renameRun(id: number, name: string | null): RunRecord {
    this.run(id);
    const clean = name?.replace(/\s+/g, " ").trim() ?? "";
    this.db.prepare(`UPDATE runs SET name = ? WHERE id = ?`).run(clean === "" ? null : clean, id);
    return this.run(id);
  }

  /**
   * Deletes a run with its items, trees, annotations and metrics (the schema's ON DELETE CASCADE), in one statement. A sweep's
   * output folder on disk is left as it is. A chat run is a turn of its conversation and is deleted with it
   * (ConversationStore.delete), never alone, so a conversation never points at a missing run; a run still going
   * is cancelled first.
   *
   * @throws StoreError naming the id: no such run, a chat turn's run, or a run still running
   */
  deleteRun(id: number): void {
    const run = this.run(id);
    if (run.kind === "chat") {
      const conversation = (run.config as { conversationId?: unknown } | null)?.conversationId;
      throw new StoreError(
        this.file,
        `run ${id} is a turn of conversation ${String(conversation)}; delete the conversation (mull conversations delete ${String(conversation)}, or the Chat view) to delete it`,
      );
    }
    if (run.status === "running") throw new StoreError(this.file, `run ${id} is still running; cancel it first`);
    this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
  }

  /** The newest sweep run that wrote into `outDir` (an absolute path), if any. */
  sweepForOutDir(outDir: string): RunRecord | undefined {
    const id = this.db
      .prepare(`SELECT id FROM runs WHERE kind = 'sweep' AND out_dir = ? ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(outDir) as number | undefined;
    return id === undefined ? undefined : this.run(id);
  }

  close(): void {
    this.db.close();
  }
}

/** Step labels saved with one of a run's items (RunStore.saveAnnotation). */
export interface SavedAnnotation {
  /** The item's key in its run. */
  key: string;
  method: AnnotationMethod;
  solutions: AnnotatedSolution[];
  /** ISO 8601, UTC: when it was saved. */
  created: string;
}

/** A run's item sums as the overview query returns them (JSON arrays as text). */
interface ItemSums {
  run_id: number;
  strategies: string;
  policies: string;
  checked: number;
  right: number;
  generated: number;
  evaluated: number;
  calls: number;
}

function now(): string {
  return new Date().toISOString();
}
