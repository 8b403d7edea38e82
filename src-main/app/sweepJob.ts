import type { Problem } from "../core/domain/Problem.js";
import type { SweepConfig } from "../core/experiments/SweepConfig.js";
import { sweepToDir } from "../core/experiments/sweepToDir.js";
import type { RunItem, RunStatus } from "../core/store/RunRecord.js";
import type { EngineCache } from "../core/engine/EngineCache.js";
import type { RunStore } from "../core/store/RunStore.js";
import type { LiveRun } from "./LiveRun.js";

/** A sweep job that has started: its run id (the store makes it) and how it ends. */
export interface StartedSweep {
  runId: number;
  done: Promise<RunStatus>;
}

/**
 * Starts a sweep into `outDir` with the cached engines (core's sweepToDir: the store, results.csv, summary.json,
 * scaling.svg), sending each completed item and the summary so far. Resolves once the store has the run, so the
 * caller can hand out its id; a failure before that (a folder that cannot be used) rejects.
 */
export function sweepJob(
  ctx: { run: LiveRun; store: RunStore; engines: EngineCache },
  config: SweepConfig,
  problems: readonly Problem[],
  outDir: string,
): Promise<StartedSweep> {
  const { run, store, engines } = ctx;
  const items: RunItem[] = [];
  let total = 0;
  let runId: number | undefined;
  let settle: (() => void) | undefined;
  const report = sweepToDir({
    config,
    problems,
    outDir,
    store,
    engines,
    signal: run.signal,
    onStart: (info) => {
      total = info.total;
      runId = info.runId;
      settle?.();
    },
    onItem: (item) => {
      items.push(item);
      run.emit({ type: "sweep-item", done: items.length, total, item });
    },
    // Core's summary of everything completed so far (resumed items, pass@N from the trees, difficulty panels).
    onSummary: (summary) => run.emit({ type: "sweep-summary", summary }),
  });
  const done = report.then((r): RunStatus => (r.cancelled ? "cancelled" : "done"));
  done.catch(() => {}); // a failure before the start rejects below; after it, the caller awaits `done`
  return new Promise((resolve, reject) => {
    settle = () => resolve({ runId: runId as number, done });
    if (runId !== undefined) settle();
    report.catch((e: unknown) => {
      if (runId === undefined) reject(e);
    });
  });
}
