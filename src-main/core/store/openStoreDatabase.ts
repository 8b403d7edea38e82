import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrateStore } from "./storeSchema.js";
import { StoreError } from "./StoreError.js";

/**
 * Opens the store's SQLite file (created with its folder if missing) at the current schema, for RunStore and
 * ConversationStore alike. WAL journaling, so one process reads while another writes.
 *
 * @param what what is being opened, for the error ("the run store")
 * @throws StoreError naming the file: a store from a newer Mull, or one SQLite cannot open
 */
export function openStoreDatabase(file: string, what: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: 5000 });
    db.pragma("foreign_keys = ON");
    // Schema first: a store from a newer Mull is refused before anything (even the journal mode) is written.
    migrateStore(db, file);
    db.pragma("journal_mode = WAL");
    // NORMAL under WAL: a commit survives the process being killed (the OS has it); only power loss can undo
    // the last few, and at one commit per item that trade buys nothing worth an fsync each.
    db.pragma("synchronous = NORMAL");
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError(file, `cannot open ${what} (${(e as Error).message})`);
  }
}
