import type { RunKind } from "./RunRecord.js";
import type { RunOverview } from "./RunOverview.js";

/**
 * How the run history is narrowed, in the app's Experiments view and in `mull runs list` alike. Every field is
 * optional; a run is kept when it passes all given.
 */
export interface RunFilter {
  /** Words that must all occur (case-insensitive) in the run's problem, name, answer, id or models. */
  search?: string | undefined;
  kind?: RunKind | undefined;
  /** A strategy the run ran (exact name, e.g. `beam`). */
  strategy?: string | undefined;
  /** Part of a policy's or the PRM's name (case-insensitive). */
  model?: string | undefined;
  /**
   * `right`: every checked item right; `wrong`: some checked item wrong; `unchecked`: no reference to check
   * against (a typed problem).
   */
  correct?: "right" | "wrong" | "unchecked" | undefined;
}

/** The runs that pass `filter`, in the order given. */
export function filterRuns<R extends RunOverview>(runs: readonly R[], filter: RunFilter): R[] {
  const words = (filter.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const model = filter.model?.trim().toLowerCase();
  return runs.filter((run) => {
    if (filter.kind && run.kind !== filter.kind) return false;
    if (filter.strategy && !run.strategy.split(", ").includes(filter.strategy)) return false;
    if (model && !`${run.policy} ${run.prm ?? ""}`.toLowerCase().includes(model)) return false;
    if (filter.correct === "unchecked" && run.correct !== null) return false;
    if (filter.correct === "right" && (run.correct === null || run.correct.right < run.correct.checked)) return false;
    if (filter.correct === "wrong" && (run.correct === null || run.correct.right === run.correct.checked)) return false;
    if (words.length === 0) return true;
    const haystack = [`#${run.id}`, run.problem, run.name ?? "", run.answer ?? "", run.policy, run.prm ?? ""]
      .join("\n")
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
