import type { RunStore } from "../core/store/RunStore.js";
import type { EngineCache } from "./EngineCache.js";
import type { LiveRun } from "./LiveRun.js";

/** What a run's job works with: its id and the store it saves into, the cached engines, and its live run (events, signal). */
export interface JobContext {
  runId: number;
  store: RunStore;
  engines: EngineCache;
  run: LiveRun;
}
