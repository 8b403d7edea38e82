import type { SearchResult, Spent } from "../../../src-main/api/wireTypes.js";
import { TreeStore } from "./TreeStore.svelte.js";

/** One search of a run (a solve has one, a compare one per policy): its live tree, spending and result. */
export class RunColumn {
  readonly label: string;
  tree = $state.raw(new TreeStore());
  result = $state.raw<SearchResult | null>(null);
  tokensPerSecond = $state<number | null>(null);
  error = $state<string | null>(null);
  /** The model load this search waits on (a cold start), as the status line says it; null once loaded or never. */
  loading = $state<string | null>(null);
  /** Milliseconds from the column's start to its first tree node (measured on the main side); null until then. */
  firstNodeMs = $state<number | null>(null);

  /** What the search spent: its result's totals once it finished, the live totals until then. */
  get spent(): Spent | null {
    return this.result?.spent ?? this.tree.spent;
  }

  constructor(label: string) {
    this.label = label;
  }
}
