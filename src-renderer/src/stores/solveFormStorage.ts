import {
  CAP_PARAMETERS,
  SEARCH_PARAMETERS,
  STRATEGY_NAMES,
  type BudgetField,
  type SearchParameterName,
  type StrategyName,
} from "../../../src-main/api/wireTypes.js";
import type { ParameterValue, SearchFormValues } from "./searchRequest.js";

/** Where the Solve form is kept in localStorage. */
export const SOLVE_FORM_KEY = "mull.solveForm";
/** The saved form's shape; a saved form of another version is dropped whole (nothing half-understood is applied). */
export const SOLVE_FORM_VERSION = 1;

/** The Solve form as it is saved: the problem, the models (paths as listModels gives them) and the search. */
export interface SolveFormValues {
  problem: string;
  policy: string;
  prm: string;
  strategy: StrategyName;
  params: Record<SearchParameterName, ParameterValue>;
  caps: Record<BudgetField, number | null>;
}

/** The problem field's limit, as the contract has it (solveRequestSchema). */
const MAX_PROBLEM = 2000;

/** The text saved for the form. */
export function encodeSolveForm(values: SolveFormValues): string {
  const { problem, policy, prm, strategy, params, caps } = values;
  return JSON.stringify({ version: SOLVE_FORM_VERSION, problem, policy, prm, strategy, params, caps });
}

/** Whether `v` is a value the parameter's row of the table allows (null: an empty number field). */
function validParameter(name: SearchParameterName, v: unknown): v is ParameterValue {
  const t = SEARCH_PARAMETERS.find((p) => p.name === name)?.type;
  if (!t) return false;
  if (t.kind === "boolean") return typeof v === "boolean";
  if (t.kind === "choice") return typeof v === "string" && (t.choices as readonly string[]).includes(v);
  if (v === null) return true;
  return (
    typeof v === "number" &&
    Number.isFinite(v) &&
    v >= t.min &&
    v <= t.max &&
    (t.kind !== "integer" || Number.isInteger(v))
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The saved form's values that are still valid, each on its own: a value this Mull would refuse (a strategy
 * renamed, a number out of the table's range, a cap that is not a positive integer, text that is not JSON) is
 * dropped and the form keeps its default there. Never throws.
 */
export function decodeSolveForm(text: string | null | undefined): Partial<SolveFormValues> {
  if (!text) return {};
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(saved) || saved.version !== SOLVE_FORM_VERSION) return {};
  const out: Partial<SolveFormValues> = {};
  if (typeof saved.problem === "string" && saved.problem.length <= MAX_PROBLEM) out.problem = saved.problem;
  if (typeof saved.policy === "string") out.policy = saved.policy;
  if (typeof saved.prm === "string") out.prm = saved.prm;
  if (STRATEGY_NAMES.includes(saved.strategy as StrategyName)) out.strategy = saved.strategy as StrategyName;
  if (isObject(saved.params)) {
    const params: Partial<Record<SearchParameterName, ParameterValue>> = {};
    for (const p of SEARCH_PARAMETERS)
      if (p.name in saved.params && validParameter(p.name, saved.params[p.name]))
        params[p.name] = saved.params[p.name] as ParameterValue;
    out.params = params as Record<SearchParameterName, ParameterValue>;
  }
  if (isObject(saved.caps)) {
    const caps: Partial<Record<BudgetField, number | null>> = {};
    for (const c of CAP_PARAMETERS) {
      const v = saved.caps[c.counter];
      if (v === null || (typeof v === "number" && Number.isInteger(v) && v > 0)) caps[c.counter] = v;
    }
    out.caps = caps as Record<BudgetField, number | null>;
  }
  return out;
}

/** Where saved values go: the Solve state's fields and its search form (SearchForm). */
export interface SolveFormTarget {
  problem: string;
  policy: string;
  prm: string;
  form: SearchFormValues;
}

/** Puts the valid saved values into the form, leaving every other field as it is. */
export function applySolveForm(target: SolveFormTarget, saved: Partial<SolveFormValues>): void {
  if (saved.problem !== undefined) target.problem = saved.problem;
  if (saved.policy !== undefined) target.policy = saved.policy;
  if (saved.prm !== undefined) target.prm = saved.prm;
  if (saved.strategy !== undefined) target.form.strategy = saved.strategy;
  if (saved.params) target.form.params = { ...target.form.params, ...saved.params };
  if (saved.caps) target.form.caps = { ...target.form.caps, ...saved.caps };
}

/** The target's values to save. */
export function solveFormValues(target: SolveFormTarget): SolveFormValues {
  const { problem, policy, prm, form } = target;
  return { problem, policy, prm, strategy: form.strategy, params: { ...form.params }, caps: { ...form.caps } };
}
