import type { ZodError } from "zod";
import { ANNOTATION_PARAMETERS } from "../core/annotate/annotationParameters.js";
import { CAP_PARAMETERS, SEARCH_PARAMETERS, type ParameterType } from "../core/search/searchParameters.js";

/** A request's first problem as a person reads it: the field at fault (a request path) and one plain sentence. */
export interface FieldProblem {
  /** The request field, dotted: `search.n`, `search.caps.generatedTokens`, `budgets.0`; absent for the whole request. */
  field?: string;
  /** One sentence naming the field by its label and the value given, ending with a period. */
  message: string;
}

/** The request fields outside the parameter table, as a sentence names them. */
const FIELD_LABELS: Record<string, string> = {
  problem: "the problem",
  policy: "the policy",
  policies: "the policies",
  prm: "the PRM",
  budgets: "the budgets",
  strategies: "the strategies",
  set: "the problem set",
  limit: "the problem limit",
  message: "the message",
  question: "the question",
  text: "the document",
  chunkTokens: "the chunk size",
  reasoningBudget: "the reasoning budget",
  system: "the system prompt",
  title: "the title",
  strategy: "the strategy",
  name: "the name",
  prover: "the prover",
  retries: "retries",
  solverTimeoutMs: "the solver timeout (ms)",
  program: "the program",
};

/** One issue of a schema failure. */
type Issue = ZodError["issues"][number];

/** A row of one of the parameter tables (search or annotation): its label and its range. */
interface TableRow {
  name: string;
  label: string;
  type: ParameterType;
}

/** Every table row, search settings first: a name may be in both (`temperature`, `iterations`), with other ranges. */
const TABLE_ROWS: readonly TableRow[] = [...(SEARCH_PARAMETERS as readonly TableRow[]), ...ANNOTATION_PARAMETERS];

/**
 * The table row a numeric issue at field `name` was built from. A name can be in more than one table with different
 * ranges (search temperature 0–5, annotate temperature 0.1–2), so a row counts only when the bound the schema broke
 * is that row's own bound; a type failure (no bound) names a row only when just one table has the name. Undefined
 * when no row fits: the sentence then quotes the schema's own bound and no range.
 */
function rowOf(name: string, issue: Issue): TableRow | undefined {
  const rows = TABLE_ROWS.filter((r) => r.name === name && (r.type.kind === "integer" || r.type.kind === "number"));
  const bounded = (r: TableRow, bound: unknown): boolean =>
    (r.type.kind === "integer" || r.type.kind === "number") &&
    Number(bound) === (issue.code === "too_big" ? r.type.max : r.type.min);
  if (issue.code === "too_big") return rows.find((r) => bounded(r, issue.maximum));
  if (issue.code === "too_small") return rows.find((r) => bounded(r, issue.minimum));
  return rows.length === 1 ? rows[0] : undefined;
}

/** A field's label: the parameter tables' for search settings, annotation settings and caps, FIELD_LABELS for the rest. */
function labelOf(issue: Issue): { label: string; parameter?: TableRow } {
  const keys = issue.path.map(String);
  const last = keys.at(-1) ?? "";
  const parent = keys.at(-2);
  if (parent === "caps") {
    const cap = CAP_PARAMETERS.find((c) => c.counter === last);
    if (cap) return { label: `the ${cap.label.toLowerCase()} cap` };
  }
  const parameter = rowOf(last, issue);
  if (parameter) return { label: parameter.label, parameter };
  // An array entry: `budgets.0` is "budget 1", `policies.1` is "policy 2".
  if (/^\d+$/.test(last) && parent !== undefined) {
    const base = (FIELD_LABELS[parent] ?? parent).replace(/^the /, "").replace(/ies$/, "y").replace(/s$/, "");
    return { label: `${base} ${Number(last) + 1}` };
  }
  return { label: FIELD_LABELS[last] ?? last };
}

/** The value at `path` in the input as sent, or undefined. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A value as the sentence quotes it: numbers and words plainly, anything else as JSON, long text cut. */
function shown(value: unknown): string {
  if (typeof value === "number") return String(value);
  // JSON.stringify gives undefined for a missing value (a required field left out): say "undefined".
  const text = typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith(".") ? "" : ".");
}

/** A sentence naming a table parameter's range: "n must be a whole number from 1 to 4096 (got 100000)." */
function outOfRange(label: string, parameter: TableRow, value: unknown): string | undefined {
  const t = parameter.type;
  if (t.kind !== "integer" && t.kind !== "number") return undefined;
  const kind = t.kind === "integer" ? "a whole number" : "a number";
  const got = value === undefined || value === null ? " (the field is empty)" : ` (got ${shown(value)})`;
  // The annotation table's labels are words ("temperature", "rollouts per step"): the sentence starts with a capital.
  // The search table's are the field terms as written ("n", "top-p"), kept as they are.
  const text = `${label} must be ${kind} from ${t.min} to ${t.max}${got}.`;
  return (ANNOTATION_PARAMETERS as readonly TableRow[]).includes(parameter) ? sentence(text) : text;
}

/**
 * Turns a request's schema failure into one plain sentence about its first issue, naming the field by the label a
 * person sees (the parameter table's labels for search settings and caps) and quoting the value given, read from
 * `input` (the request as sent): "n must be a whole number from 1 to 4096 (got 100000).", "budget 1 needs a number
 * (the field is empty).", "The problem is empty." Used by every adapter (toApiError) and by the renderer before it
 * sends a request, so both say the same thing.
 */
export function describeZodError(error: ZodError, input?: unknown): FieldProblem {
  const issue = error.issues[0];
  if (!issue) return { message: "The request is not valid." };
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const value = valueAt(input, issue.path);
  const { label, parameter } = labelOf(issue);
  const withField = (message: string): FieldProblem => (field ? { field, message } : { message });
  const empty = value === undefined || value === null;
  switch (issue.code) {
    case "too_big":
    case "too_small": {
      const ranged = parameter && outOfRange(label, parameter, value);
      if (ranged) return withField(ranged);
      const bound = issue.code === "too_big" ? issue.maximum : issue.minimum;
      // `positive()` is an exclusive minimum of 0: "more than 0", never "at least 0".
      const exclusive = issue.inclusive === false;
      const most =
        issue.code === "too_big" ? (exclusive ? "less than" : "at most") : exclusive ? "more than" : "at least";
      if (issue.origin === "string") {
        if (issue.code === "too_small" && Number(bound) <= 1) return withField(sentence(`${label} is empty`));
        const length = typeof value === "string" ? ` (it has ${value.length})` : "";
        return withField(sentence(`${label} must have ${most} ${String(bound)} characters${length}`));
      }
      if (issue.origin === "array") {
        const length = Array.isArray(value) ? ` (got ${value.length})` : "";
        const entries = Number(bound) === 1 ? "entry" : "entries";
        return withField(sentence(`${label} must have ${most} ${String(bound)} ${entries}${length}`));
      }
      return withField(sentence(`${label} must be ${most} ${String(bound)} (got ${shown(value)})`));
    }
    case "invalid_type": {
      const ranged = parameter && outOfRange(label, parameter, value);
      if (ranged) return withField(ranged);
      if (empty) return withField(sentence(`${label} needs a value (the field is empty)`));
      const expected = issue.expected === "int" ? "a whole number" : `a ${issue.expected}`;
      return withField(sentence(`${label} must be ${expected} (got ${shown(value)})`));
    }
    case "invalid_value":
      return withField(
        sentence(`${label} must be one of ${issue.values.map(String).join(", ")} (got ${shown(value)})`),
      );
    case "unrecognized_keys": {
      const one = issue.keys.length === 1;
      const what =
        field === "search" ? "search setting" : field?.endsWith("caps") ? "budget cap" : "field of this request";
      return withField(`${issue.keys.join(", ")} ${one ? `is not a ${what}` : `are not ${what}s`}.`);
    }
    default:
      return withField(sentence(`${label ? `${label}: ` : ""}${issue.message}`));
  }
}
