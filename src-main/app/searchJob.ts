import type { RunEvent } from "../api/RunEvent.js";
import { EngineCrashError } from "../core/engine/EngineCrashError.js";
import type { EngineCache } from "../core/engine/EngineCache.js";
import type { ResolvedProfile } from "../core/models/resolveProfile.js";
import type { SearchSettings } from "../core/search/searchSettings.js";
import { candidateTable } from "../core/search/candidateTable.js";
import { searchWith } from "../core/search/searchWith.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import type { RunStatus } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";
import { saveSearchResult } from "../core/store/saveSearchResult.js";
import { referenceFor } from "./referenceFor.js";
import { columnStatus } from "./columnStatus.js";
import { toApiError } from "./toApiError.js";

/** One search of a run (a solve, or one column of a compare). */
export interface ColumnSpec {
  column: number;
  /** The item's key in the store: unique in the run. */
  key: string;
  problem: string;
  settings: SearchSettings;
  policy: ResolvedProfile;
  prm: ResolvedProfile | undefined;
}

/** What a search job works with: the store it saves into, the engines, a signal that cancels it, and where events go. */
export interface SearchJobContext {
  store: RunStore;
  engines: EngineCache;
  signal: AbortSignal;
  /** Receives the job's events (tree events per column, each result, each column's error). Default none. */
  emit?: ((event: RunEvent) => void) | undefined;
}

/** How a search job ended: the run's status, each column's result (undefined where it failed or never ran), and the failures. */
export interface SearchJobOutcome {
  status: RunStatus;
  results: (SearchResult | undefined)[];
  /** One line per failed column, in column order. */
  failures: string[];
}

/** A started search job: its run id (made at once) and how it ends. */
export interface StartedSearchJob {
  runId: number;
  done: Promise<SearchJobOutcome>;
}

/**
 * The one job behind `mull solve`, `mull compare` and the app's Solve and Compare: creates the run, then per
 * column opens the models, searches, saves the item with its tree, and sends the result; finally finishes the
 * run. Columns run concurrently or one after another. A column that fails says so in its own error event and the
 * others go on; the run is `failed` if any failed, `cancelled` if the signal was aborted, else `done`. A
 * cancelled search still saves and sends what it found. `config` is what the store keeps as the run's settings.
 */
export function startSearchJob(
  ctx: SearchJobContext,
  kind: "solve" | "compare",
  config: unknown,
  columns: readonly ColumnSpec[],
  concurrent: boolean,
): StartedSearchJob {
  const runId = ctx.store.createRun({ kind, config });
  return { runId, done: runColumns(ctx, runId, columns, concurrent) };
}

async function runColumns(
  ctx: SearchJobContext,
  runId: number,
  columns: readonly ColumnSpec[],
  concurrent: boolean,
): Promise<SearchJobOutcome> {
  const results: (SearchResult | undefined)[] = columns.map(() => undefined);
  const failures: string[] = [];
  const one = async (spec: ColumnSpec, index: number): Promise<void> => {
    if (ctx.signal.aborted) return;
    try {
      results[index] = await searchColumn(ctx, runId, spec);
    } catch (e) {
      if (e instanceof EngineCrashError) ctx.engines.forget(); // the engine process is gone, and its models with it
      const error = toApiError(e);
      failures.push(error.message);
      ctx.emit?.({ type: "error", column: spec.column, message: error.message });
    }
  };
  if (concurrent) await Promise.all(columns.map(one));
  else for (const [i, spec] of columns.entries()) await one(spec, i);
  const status = failures.length > 0 ? "failed" : ctx.signal.aborted ? "cancelled" : "done";
  ctx.store.finishRun(runId, status, failures[0] ?? null);
  return { status, results, failures };
}

/** One column: search on the cached engines, streaming its tree events; save it; send its result and speed. */
async function searchColumn(ctx: SearchJobContext, runId: number, spec: ColumnSpec): Promise<SearchResult> {
  const search = {
    problem: spec.problem,
    settings: spec.settings,
    policy: spec.policy.profile,
    prm: spec.prm?.profile,
  };
  const emit = ctx.emit;
  // Loading progress and the time to the first node, beside the tree events.
  const status = emit && columnStatus(ctx.engines, spec.column, spec, emit);
  const found = await searchWith(ctx.engines, search, ctx.signal, status?.onTree).finally(() => status?.stop());
  // Why this answer, computed once here so the UI, the CLI and the saved item show the same numbers.
  const reference = referenceFor(spec.problem);
  const { options, caps } = spec.settings;
  const result = { ...found, candidates: candidateTable({ result: found, options, caps, reference }) };
  saveSearchResult(ctx.store, runId, spec.key, spec.problem, spec.policy.name, result, reference);
  const { generatedTokens, ms } = result.spent;
  const tokensPerSecond = ms > 0 ? (1000 * generatedTokens) / ms : 0;
  emit?.({ type: "result", column: spec.column, result, tokensPerSecond });
  return result;
}
