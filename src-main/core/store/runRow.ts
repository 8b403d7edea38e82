import type { RunKind, RunRecord, RunStatus } from "./RunRecord.js";

/** A `runs` row as SQLite returns it, with its item count. */
export interface RunRow {
  id: number;
  kind: RunKind;
  status: RunStatus;
  created_at: string;
  finished_at: string | null;
  out_dir: string | null;
  config: string;
  error: string | null;
  pid: number | null;
  /** Null in stores from before names (migration 5) and for runs never renamed. */
  name: string | null;
  items: number;
}

function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The select list for a run row (table alias `r`), and the conversion to a RunRecord. */
export const runRow = {
  columns: `r.*, (SELECT count(*) FROM items i WHERE i.run_id = r.id) AS items`,
  /** A `running` run whose process is gone was killed or crashed: it shows as `interrupted`. */
  to(row: RunRow): RunRecord {
    const status = row.status === "running" && !isAlive(row.pid) ? "interrupted" : row.status;
    return {
      id: row.id,
      kind: row.kind,
      status,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      outDir: row.out_dir,
      config: JSON.parse(row.config) as unknown,
      error: row.error,
      items: row.items,
      name: row.name ?? null,
    };
  },
};
