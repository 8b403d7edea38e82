import { jsonSyntaxPlace } from "../files/jsonSyntaxPlace.js";
import { structureErrors, jsonShapeError } from "./checkStructure.js";
import { typeErrors } from "./checkTypes.js";
import type { Program } from "./dsl.js";
import { logicLimits, type LogicLimits } from "./LogicLimits.js";
import type { ProgramError } from "./ProgramError.js";

/** The checker's answer: the program, typed, when nothing is wrong; else every error found, in the order to fix them. */
export type CheckResult = { ok: true; program: Program; errors: [] } | { ok: false; errors: ProgramError[] };

/** At most this many errors are returned; a last one says how many more there were. */
export const MAX_REPORTED_ERRORS = 100;

/** The sections in the order errors are reported: declarations before their uses, the claims last. */
const SECTION_ORDER = ["sorts", "constants", "functions", "predicates", "facts", "rules", "verifications"];

/**
 * Checks a program's text (Proof of Thought, Ganguly et al. 2024, §3: the interpreter parses and type-checks the
 * model's JSON program before anything is run). The size limit comes first (maxProgramBytes, UTF-8 bytes), then
 * JSON.parse (a syntax error names its line and column), then `checkProgram`. Never throws.
 */
export function checkProgramText(text: string, limits?: Partial<LogicLimits>): CheckResult {
  const bounds = logicLimits(limits);
  if (typeof text !== "string") return fail([{ pointer: "", kind: "json", message: "the program must be JSON text" }]);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > bounds.maxProgramBytes) {
    return fail([
      {
        pointer: "",
        kind: "limit",
        message: `the program is ${bytes} bytes; the limit is ${bounds.maxProgramBytes} bytes (maxProgramBytes)`,
      },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail([{ pointer: "", kind: "json", message: jsonSyntaxMessage(text, error) }]);
  }
  return checkProgram(value, bounds);
}

/**
 * Checks a parsed program: first its JSON shape without recursion (maxJsonDepth, and no more values than
 * maxProgramBytes, so no input can overflow a stack or hang), then its structure against `programSchema` (ajv), then
 * its types (checkTypes.ts). Returns every error at once, ordered as the model that wrote the program can act on them:
 * declarations first, then facts, rules and verifications, in document order within each. Never throws.
 */
export function checkProgram(value: unknown, limits?: Partial<LogicLimits>): CheckResult {
  const bounds = logicLimits(limits);
  try {
    const shape = jsonShapeError(value, bounds.maxJsonDepth, bounds.maxProgramBytes);
    if (shape) return fail([shape]);
    const structural = structureErrors(value);
    if (structural.length > 0 && (value === null || typeof value !== "object" || Array.isArray(value))) {
      return fail(structural);
    }
    const broken = new Set<string>();
    for (const error of structural) {
      // The section and item an error lies in: items with structural errors are not type-checked.
      const [section, item] = error.pointer.split("/").slice(1);
      if (section !== undefined) broken.add(`/${section}`.concat(item === undefined ? "" : `/${item}`));
    }
    const errors = [...structural, ...typeErrors(value as Record<string, unknown>, bounds, broken)];
    if (errors.length === 0) return { ok: true, program: value as Program, errors: [] };
    return fail(ordered(errors));
  } catch (error) {
    // The checks above are written not to throw; this keeps the promise for inputs nobody foresaw (a Proxy, a getter).
    return fail([{ pointer: "", kind: "schema", message: `the program could not be read: ${String(error)}` }]);
  }
}

function fail(errors: ProgramError[]): CheckResult {
  return { ok: false, errors };
}

/** Stable order by section, then item index (document order within an item is the order they were found in). */
function ordered(errors: ProgramError[]): ProgramError[] {
  const rank = (e: ProgramError): [number, number] => {
    const [section, item] = e.pointer.split("/").slice(1);
    if (section === undefined) return [-1, 0];
    const index = SECTION_ORDER.indexOf(section);
    return [index, item !== undefined && /^\d+$/.test(item) ? Number(item) : -1];
  };
  const sorted = errors
    .map((error, position) => ({ error, position, key: rank(error) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.position - b.position)
    .map(({ error }) => error);
  if (sorted.length <= MAX_REPORTED_ERRORS) return sorted;
  const more = sorted.length - MAX_REPORTED_ERRORS;
  return [
    ...sorted.slice(0, MAX_REPORTED_ERRORS),
    { pointer: "", kind: sorted[MAX_REPORTED_ERRORS]!.kind, message: `and ${more} more error${more === 1 ? "" : "s"}` },
  ];
}

/** "the program is not valid JSON: line 3, column 7: Expected ',' or '}' after property value". */
function jsonSyntaxMessage(text: string, error: unknown): string {
  const { line, column, reason } = jsonSyntaxPlace(text, error);
  return `the program is not valid JSON: line ${line}, column ${column}: ${reason}`;
}
