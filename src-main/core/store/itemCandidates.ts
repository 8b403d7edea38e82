import { candidateTable } from "../search/candidateTable.js";
import type { StopReason } from "../search/BudgetCaps.js";
import type { AnyStrategyOptions } from "../search/searchSettings.js";
import type { StrategyName } from "../search/StrategyName.js";
import type { TreeJson } from "../tree/TreeJson.js";
import type { RunItem } from "./RunRecord.js";

/**
 * A saved item with its candidates table: the one it was saved with, or (an item saved before tables were kept, a
 * sweep item) one computed now from its tree, its answer and reference, and the run's config (a solve's or a
 * compare's settings: `options`, `caps`; a sweep item's budget stands for n). Without a tree it is returned as is.
 */
export function itemCandidates(item: RunItem, tree: TreeJson | undefined, config: unknown): RunItem {
  if (item.candidates || !tree) return item;
  const saved = (config ?? {}) as { options?: AnyStrategyOptions; caps?: Record<string, number> };
  const options = saved.options ?? (item.budget === null ? {} : { n: item.budget });
  const result = {
    strategy: item.strategy as StrategyName,
    answer: item.answer,
    tree,
    stoppedBy: item.stoppedBy as StopReason,
  };
  return { ...item, candidates: candidateTable({ result, options, caps: saved.caps, reference: item.reference }) };
}
