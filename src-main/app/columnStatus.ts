import { performance } from "node:perf_hooks";
import type { RunEvent } from "../api/RunEvent.js";
import type { EngineCache } from "../core/engine/EngineCache.js";
import type { ResolvedProfile } from "../core/models/resolveProfile.js";
import type { TreeEvent } from "../core/tree/TreeEvent.js";

/** What a column reports about itself while it runs, beside its tree: see {@link columnStatus}. */
export interface ColumnStatus {
  /** Forwards a tree event as the run's `tree` event, after `first-node` when it is the column's first. */
  onTree(event: TreeEvent): void;
  /** Stops listening to model loads (the column has its models, or failed). */
  stop(): void;
}

/**
 * A column's honest status while it runs: each load of its policy or PRM as `loading` events (by the model's name;
 * one per stage and per whole percent, so a slow load streams a few dozen events, not thousands), and the time
 * from the column's start to its first tree node as one `first-node` event, measured here once so every view
 * shows the same figure.
 */
export function columnStatus(
  engines: EngineCache,
  column: number,
  models: { policy: ResolvedProfile; prm: ResolvedProfile | undefined },
  emit: (event: RunEvent) => void,
): ColumnStatus {
  const started = performance.now();
  const names = new Map([[models.policy.profile, models.policy.name]]);
  if (models.prm) names.set(models.prm.profile, models.prm.name);
  const last = new Map<string, string>();
  const stopLoads = engines.onLoadProgress((profile, progress) => {
    const model = names.get(profile);
    if (model === undefined) return;
    const key = `${progress.stage} ${Math.floor(progress.fraction * 100)}`;
    if (last.get(profile) === key) return;
    last.set(profile, key);
    emit({ type: "loading", column, model, progress });
  });
  let first = true;
  return {
    onTree(event) {
      if (first) emit({ type: "first-node", column, ms: performance.now() - started });
      first = false;
      emit({ type: "tree", column, event });
    },
    stop: stopLoads,
  };
}
