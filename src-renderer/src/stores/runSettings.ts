import type { RunDetail } from "../../../src-main/api/mullApi.js";
import type { SearchRequestInput } from "../../../src-main/api/searchRequest.js";
import { CAP_PARAMETERS, SEARCH_PARAMETERS, type BudgetCaps } from "../../../src-main/api/wireTypes.js";

/** One line of a reopened run's settings: a label and its value as text. */
export interface SettingLine {
  label: string;
  value: string;
}

/** A model path or name as its short name (`/m/mull-policy-2m.gguf` → `mull-policy-2m`). */
function shortModel(ref: string): string {
  return (ref.split(/[\\/]/).pop() ?? ref).replace(/\.profile\.json$|\.(gguf|onnx)$/i, "");
}

/** A search request's lines: the strategy, each parameter it set (by the table's label), and the caps. */
function searchLines(search: SearchRequestInput): SettingLine[] {
  const lines: SettingLine[] = [{ label: "Strategy", value: search.strategy }];
  const given = search as Record<string, unknown>;
  for (const p of SEARCH_PARAMETERS)
    if (given[p.name] !== undefined) lines.push({ label: p.label, value: String(given[p.name]) });
  lines.push({ label: "Caps", value: capsText(search.caps ?? {}) });
  return lines;
}

/** The caps in words: `Generated tokens 4,000; Wall time (ms) 60,000`, or `none`. */
export function capsText(caps: BudgetCaps): string {
  const set = CAP_PARAMETERS.filter((c) => caps[c.counter] !== undefined);
  return set.length === 0 ? "none" : set.map((c) => `${c.label} ${caps[c.counter]?.toLocaleString()}`).join("; ");
}

/**
 * What a reopened run ran with, as lines to read: the request it can be run again with where the store kept one
 * (models, strategy, every parameter set, caps), or the history row's summary where it did not.
 */
export function runSettings(detail: RunDetail): SettingLine[] {
  const { rerun, overview } = detail;
  switch (rerun.kind) {
    case "solve":
      return [
        { label: "Policy", value: shortModel(rerun.request.policy) },
        ...(overview.prm ? [{ label: "PRM", value: shortModel(rerun.request.prm) }] : []),
        ...searchLines(rerun.request.search),
      ];
    case "compare":
      return [
        { label: "Policies", value: rerun.request.policies.map(shortModel).join(", ") },
        ...(overview.prm ? [{ label: "PRM", value: shortModel(rerun.request.prm) }] : []),
        { label: "Order", value: rerun.request.concurrent ? "concurrently" : "one after another" },
        ...searchLines(rerun.request.search),
      ];
    case "sweep": {
      const r = rerun.request;
      return [
        { label: "Problem set", value: `${r.set}${r.limit ? `, first ${r.limit}` : ""}` },
        { label: "Strategies", value: r.strategies.join(", ") },
        { label: "Budgets", value: r.budgets.join(", ") },
        { label: "Policies", value: r.policies.map(shortModel).join(", ") },
        { label: "PRM", value: `${shortModel(r.prm)}${r.checkArithmetic ? ", arithmetic-checked" : ""}` },
        { label: "seed", value: String(r.seed) },
        { label: "Caps", value: capsText(r.caps) },
      ];
    }
    case "read": {
      const r = rerun.request;
      return [
        { label: "Document", value: `${r.source} (${r.text.length.toLocaleString()} characters)` },
        ...(r.question ? [{ label: "Question", value: r.question }] : []),
        { label: "Reader", value: shortModel(r.policy) },
        { label: "Mode", value: `${r.mode}, ${r.chunkTokens}-token chunks` },
        ...(r.task ? [{ label: "Task", value: r.task }] : []),
      ];
    }
    default:
      return [
        ...(overview.strategy ? [{ label: "Strategy", value: overview.strategy }] : []),
        ...(overview.policy ? [{ label: "Policy", value: overview.policy }] : []),
        ...(overview.prm ? [{ label: "PRM", value: overview.prm }] : []),
      ];
  }
}

/** The caps the run's searches ran under, for its budget meter (none known: an empty object). */
export function runCaps(detail: RunDetail): BudgetCaps {
  const { rerun } = detail;
  if (rerun.kind === "solve" || rerun.kind === "compare") return rerun.request.search.caps ?? {};
  if (rerun.kind === "sweep") return rerun.request.caps;
  const config = detail.run.config as { caps?: BudgetCaps } | null;
  return config?.caps ?? {};
}
