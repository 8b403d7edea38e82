import { toRunItem } from "./toRunItem.js";
import type { SearchResult } from "../search/SearchResult.js";
import type { RunStore } from "./RunStore.js";

/**
 * Saves one search on a typed problem (a solve, a compare column) as an item with its tree: no problem id, no
 * budget; the reference answer when the problem is a known one (the item is then marked correct or not). `key`
 * is unique in the run (`solve`, `0:mull-policy-6m`).
 */
export function saveSearchResult(
  store: RunStore,
  runId: number,
  key: string,
  problem: string,
  policy: string,
  result: SearchResult,
  reference: string | null = null,
): void {
  const context = { key, problemId: null, problem, budget: null, policy, reference };
  store.saveItem(runId, toRunItem(result, context), result.tree);
}
