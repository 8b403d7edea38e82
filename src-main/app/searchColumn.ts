import { EngineCrashError } from "../core/engine/EngineCrashError.js";
import type { ResolvedProfile } from "../core/experiments/resolveProfile.js";
import type { SweepScorer } from "../core/experiments/runSweep.js";
import type { SearchSettings } from "../core/search/searchSettings.js";
import { searchWith } from "../core/search/searchWith.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import { saveSearchResult } from "../core/store/saveSearchResult.js";
import type { TreeEvent } from "../core/tree/TreeEvent.js";
import type { JobContext } from "./JobContext.js";

/** One search of a run (a solve, or one column of a compare), as the job sets it up. */
export interface ColumnSpec {
  column: number;
  /** The item's key in the store: unique in the run. */
  key: string;
  problem: string;
  settings: SearchSettings;
  policy: ResolvedProfile;
  prm: ResolvedProfile | undefined;
}

/**
 * Runs one search with the cached engines, streaming its tree events as `column`, then saves it and sends its
 * result with the decoding speed. A cancelled search still saves and sends what it found.
 */
export async function searchColumn(ctx: JobContext, spec: ColumnSpec): Promise<SearchResult> {
  const { run, engines, store } = ctx;
  const policy = await engines.policy(spec.policy.profile, spec.settings.sequences);
  let scorer: SweepScorer | undefined;
  try {
    scorer = spec.prm && (await engines.scorer(spec.prm.profile));
    const onEvent = (event: TreeEvent) => run.emit({ type: "tree", column: spec.column, event });
    const result = await searchWith(spec.settings, spec.problem, policy, scorer, run.signal, onEvent);
    saveSearchResult(store, ctx.runId, spec.key, spec.problem, spec.policy.name, result);
    const { generatedTokens, ms } = result.spent;
    const tokensPerSecond = ms > 0 ? (1000 * generatedTokens) / ms : 0;
    run.emit({ type: "result", column: spec.column, result, tokensPerSecond });
    return result;
  } catch (e) {
    if (e instanceof EngineCrashError) engines.forget(); // the engine process is gone, and its models with it
    throw e;
  } finally {
    await policy.dispose();
    await scorer?.dispose?.();
  }
}
