import type { RunStatus } from "../core/store/RunRecord.js";
import type { JobContext } from "./JobContext.js";
import { searchColumn, type ColumnSpec } from "./searchColumn.js";
import { toApiError } from "./toApiError.js";

/**
 * The searches of a solve (one column) or a compare (one per policy), concurrently or one after another. A
 * column that fails says so in its own error event and the others go on; the run is `failed` if any failed,
 * `cancelled` if it was cancelled, else `done`. Every column that finished is saved, cancelled ones included.
 */
export async function compareJob(
  ctx: JobContext,
  columns: readonly ColumnSpec[],
  concurrent: boolean,
): Promise<RunStatus> {
  const failures: string[] = [];
  const one = async (spec: ColumnSpec): Promise<void> => {
    if (ctx.run.signal.aborted) return;
    try {
      await searchColumn(ctx, spec);
    } catch (e) {
      const error = toApiError(e);
      failures.push(error.message);
      ctx.run.emit({ type: "error", column: spec.column, message: error.message });
    }
  };
  if (concurrent) await Promise.all(columns.map(one));
  else for (const spec of columns) await one(spec);
  const status = failures.length > 0 ? "failed" : ctx.run.signal.aborted ? "cancelled" : "done";
  ctx.store.finishRun(ctx.runId, status, failures[0] ?? null);
  return status;
}
