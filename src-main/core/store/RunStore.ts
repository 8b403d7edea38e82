import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type Database from "better-sqlite3";
import { checkTreeJson } from "../tree/checkTreeJson.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { itemRow, type ItemRow } from "./itemRow.js";
import { runRow, type RunRow } from "./runRow.js";
import type { RunItem, RunKind, RunRecord } from "./RunRecord.js";
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

function now(): string {
  return new Date().toISOString();
}
