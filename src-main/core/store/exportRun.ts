import { resultsCsv } from "./resultsCsv.js";
import type { RunStore } from "./RunStore.js";

/**
 * A saved run as a file's text: JSON with the run, its items (each with its tree when `trees`) and metrics, or
 * the items as CSV (results.csv's columns). `mull runs export` prints it; the app offers it as a download.
 */
export function exportRun(store: RunStore, id: number, format: "json" | "csv", trees = false): string {
  const run = store.run(id);
  const items = store.items(id);
  if (format === "csv") return resultsCsv.of(items);
  const withTrees = trees ? items.map((i) => ({ ...i, tree: store.tree(id, i.key) ?? null })) : items;
  return JSON.stringify({ run, items: withTrees, metrics: store.metrics(id) }, null, 2) + "\n";
}
