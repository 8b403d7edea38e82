import type { z } from "zod";
import { capWarnings } from "../core/search/capWarnings.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { searchSettings, type SearchSettings } from "../core/search/searchSettings.js";
import { describeZodError, type FieldProblem } from "./describeZodError.js";
import { compareRequestSchema, solveRequestSchema, sweepRequestSchema } from "./mullApi.js";
import { searchRequestSchema, type SearchRequestInput } from "./searchRequest.js";

/** A sentence as the UI shows it: capitalized, ending with a period. */
export function asSentence(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

/** Core's settings for a parsed search, or the option at fault as a FieldProblem under `search.`. */
function settingsOf(search: z.output<typeof searchRequestSchema>): SearchSettings | FieldProblem {
  try {
    return searchSettings(search);
  } catch (e) {
    if (e instanceof SearchOptionError) return { field: `search.${e.field}`, message: asSentence(e.problem) };
    throw e;
  }
}

function check(
  schema: z.ZodType<{ search: z.output<typeof searchRequestSchema> }>,
  input: unknown,
): FieldProblem | null {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return describeZodError(parsed.error, input);
  const settings = settingsOf(parsed.data.search);
  return "message" in settings ? settings : null;
}

/**
 * What the main side would refuse in a solve request, checked the same way before it is sent (the schema, then
 * core's searchSettings: ranges, options that do not apply, a width that does not divide n), as one plain sentence
 * with its field; null when the request would be accepted this far (model files are checked only on the main side).
 * The Solve view calls this for Run and for Enter alike, so both refuse with the same message and keep the last
 * result on screen.
 */
export function checkSolveRequest(input: unknown): FieldProblem | null {
  return check(solveRequestSchema, input);
}

/** checkSolveRequest for a compare request. */
export function checkCompareRequest(input: unknown): FieldProblem | null {
  return check(compareRequestSchema, input);
}

/**
 * What the main side's schema would refuse in a sweep request (the problem limit, the budgets, the strategies and
 * policies), as one plain sentence with its field; null when the schema accepts it. The Experiments view checks
 * its form with this before Launch sends anything, so its sentences are the server's.
 */
export function checkSweepRequest(input: unknown): FieldProblem | null {
  const parsed = sweepRequestSchema.safeParse(input);
  return parsed.success ? null : describeZodError(parsed.error, input);
}

/**
 * The caps a search as set up will probably run into (core's capWarnings over the request's settings), one
 * sentence each; none for a request that is not valid (its error is what to show then).
 */
export function searchCapWarnings(search: SearchRequestInput): string[] {
  const parsed = searchRequestSchema.safeParse(search);
  if (!parsed.success) return [];
  const settings = settingsOf(parsed.data);
  return "message" in settings ? [] : capWarnings(settings).map((w) => w.message);
}
