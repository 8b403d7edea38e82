import type Database from "better-sqlite3";
import { StoreError } from "./StoreError.js";

/**
 * The store's schema as migrations, one per version; `PRAGMA user_version` records how many have been applied.
 * Append a migration to change the schema: never edit one that has shipped, since users' stores ran it already.
 */
const MIGRATIONS: readonly (string | ((db: Database.Database) => void))[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     out_dir TEXT,
     config TEXT NOT NULL,
     error TEXT,
     pid INTEGER
   );
   CREATE INDEX runs_by_out_dir ON runs (out_dir);
   CREATE TABLE items (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     problem_id TEXT,
     problem TEXT NOT NULL,
     strategy TEXT NOT NULL,
     budget INTEGER,
     policy TEXT NOT NULL,
     reference TEXT,
     answer TEXT,
     correct INTEGER,
     score REAL,
     stopped_by TEXT NOT NULL,
     generated_tokens INTEGER NOT NULL,
     evaluated_tokens INTEGER NOT NULL,
     reward_calls INTEGER NOT NULL,
     nodes INTEGER NOT NULL,
     ms REAL NOT NULL,
     path TEXT NOT NULL,
     completed_at TEXT NOT NULL,
     PRIMARY KEY (run_id, key)
   );
   CREATE TABLE trees (
     run_id INTEGER NOT NULL,
     key TEXT NOT NULL,
     tree BLOB NOT NULL,
     PRIMARY KEY (run_id, key),
     FOREIGN KEY (run_id, key) REFERENCES items (run_id, key) ON DELETE CASCADE
   );
   CREATE TABLE metrics (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (run_id, name)
   );`,
  // Reward scores that were not finite numbers (SearchResult.nonFiniteScores); items saved before count none.
  `ALTER TABLE items ADD COLUMN non_finite_scores INTEGER NOT NULL DEFAULT 0;`,
  // Sample diversity: different answers the item's tree reached (distinctAnswers); null in items saved before.
  `ALTER TABLE items ADD COLUMN distinct_answers INTEGER;`,
  // Conversations (core/chat): each turn's message, reasoning and answer, and how it ended and measured.
  `CREATE TABLE conversations (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     title TEXT NOT NULL,
     policy TEXT NOT NULL,
     system TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     activity INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE chat_turns (
     conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     user TEXT NOT NULL,
     status TEXT NOT NULL,
     reasoning TEXT NOT NULL DEFAULT '',
     answer TEXT NOT NULL DEFAULT '',
     result TEXT,
     error TEXT,
     created_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, idx)
   );`,
  // A name a person gives a run in the run history (renameRun); null until then. Added only where missing: a
  // store whose user_version was set back by hand (as tests of older stores do) still has it.
  (db) => {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('runs')`).pluck().all();
    if (!columns.includes("name")) db.exec(`ALTER TABLE runs ADD COLUMN name TEXT;`);
  },
  // Step-label annotations saved with a run's item (core/annotate): one per item and method, `data` the JSON of its
  // AnnotatedSolution[]; `mull export` and the app's Annotate action read them. IF NOT EXISTS for the same reason as
  // above (tests set user_version back by hand).
  `CREATE TABLE IF NOT EXISTS annotations (
     run_id INTEGER NOT NULL,
     key TEXT NOT NULL,
     method TEXT NOT NULL,
     data TEXT NOT NULL,
     created TEXT NOT NULL,
     PRIMARY KEY (run_id, key, method),
     FOREIGN KEY (run_id, key) REFERENCES items (run_id, key) ON DELETE CASCADE
   );`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a store up to SCHEMA_VERSION, each migration in its own transaction; refuses a store from a newer Mull. */
export function migrateStore(db: Database.Database, file: string): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION)
    throw new StoreError(file, `schema version ${version} is newer than this Mull's (${SCHEMA_VERSION}); update Mull`);
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      const migration = MIGRATIONS[v];
      if (typeof migration === "function") migration(db);
      else db.exec(migration as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
