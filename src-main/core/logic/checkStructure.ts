import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { programSchema } from "./dsl.js";
import { jsonPointer, type ProgramError } from "./ProgramError.js";

/** The connectives, in the order error messages list them (the schema's order). */
const CONNECTIVES = ["pred", "eq", "not", "and", "or", "implies", "forall", "exists"] as const;
type ConnectiveKey = (typeof CONNECTIVES)[number];

/** The keys each connective's formula object has, besides the connective. */
const COMPANIONS: Record<ConnectiveKey, readonly string[]> = {
  pred: ["args"],
  eq: [],
  not: [],
  and: [],
  or: [],
  implies: [],
  forall: ["body"],
  exists: ["body"],
};

// Compiled once per process: ajv turns the schema into a validating function (a few milliseconds).
let validate: ReturnType<Ajv2020["compile"]> | undefined;
function programValidator(): ReturnType<Ajv2020["compile"]> {
  validate ??= new Ajv2020({ allErrors: true, verbose: true, strict: false }).compile(programSchema);
  return validate;
}

/**
 * Structural errors of a program value against `programSchema` (dsl.ts), one plain sentence per offending node.
 * ajv reports a wrong formula as a failure of each of its eight `oneOf` branches; those are replaced by one
 * sentence written from the node itself ("unknown connective \"impliez\"; expected one of pred, eq, …").
 * The value must already have passed `jsonDepthError` (ajv and the describer recurse).
 */
export function structureErrors(value: unknown): ProgramError[] {
  const check = programValidator();
  if (check(value)) return [];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [
      {
        pointer: "",
        kind: "schema",
        message: `the program must be a JSON object with sorts, constants, predicates, facts, rules and verifications; got ${describeValue(value)}`,
      },
    ];
  }
  const ajvErrors = check.errors ?? [];
  const out: ProgramError[] = [];
  const seen = new Set<string>();
  const push = (pointer: string, message: string): void => {
    const key = `${pointer}\n${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pointer, message, kind: "schema" });
  };
  for (const error of ajvErrors) {
    // ajv gives schema paths relative to the $def a $ref entered: the DSL's only oneOfs are the formula and the term.
    const inBranch = error.schemaPath.startsWith("#/oneOf/");
    if (error.keyword === "oneOf" && error.schema === programSchema.$defs.formula.oneOf) {
      for (const [pointer, message] of describeFormula(error.data, error.instancePath)) push(pointer, message);
    } else if (error.keyword === "oneOf" && error.schema === programSchema.$defs.term.oneOf) {
      for (const [pointer, message] of describeTerm(error.data, error.instancePath)) push(pointer, message);
    } else if (!inBranch) {
      // Errors inside a oneOf branch are that branch's view of the formula or term, said once above instead.
      const [pointer, message] = describeAjvError(error);
      push(pointer, message);
    }
  }
  return out;
}

/** One sentence for an ajv error outside formulas and terms (declarations, the program's sections, variables). */
function describeAjvError(error: ErrorObject): [string, string] {
  const where = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return [where, `missing key "${String(params.missingProperty)}"`];
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return [`${where}/${escapeToken(key)}`, `unknown key "${key}"; expected ${allowed.join(", ")}`];
    }
    case "type": {
      const expected = String(params.type);
      const noun = expected === "array" ? "a list" : expected === "object" ? "an object" : `a ${expected}`;
      return [where, `must be ${noun}, got ${describeValue(error.data)}`];
    }
    default:
      return [where, error.message ?? "does not fit the program schema"];
  }
}

/** What is wrong with a formula node itself (not its children, which ajv reports at their own place). */
function describeFormula(node: unknown, pointer: string): [string, string][] {
  const expected = `expected one of ${CONNECTIVES.join(", ")}`;
  if (node === null || typeof node !== "object" || Array.isArray(node)) {
    return [
      [
        pointer,
        `a formula must be an object with one connective key (${CONNECTIVES.join(", ")}); got ${describeValue(node)}`,
      ],
    ];
  }
  const keys = Object.keys(node);
  const present = CONNECTIVES.filter((c) => keys.includes(c));
  if (present.length === 0) {
    const unknown = keys.filter((k) => k !== "args" && k !== "body");
    if (unknown.length > 0) return [[pointer, `unknown connective "${unknown[0]}"; ${expected}`]];
    return [[pointer, `a formula needs a connective key; ${expected}`]];
  }
  if (present.length > 1) {
    return [[pointer, `a formula has exactly one connective, got ${present.join(" and ")}`]];
  }
  const connective = present[0] as ConnectiveKey;
  const record = node as Record<string, unknown>;
  const out: [string, string][] = [];
  for (const companion of COMPANIONS[connective]) {
    if (!keys.includes(companion)) out.push([pointer, `a ${connective} formula needs "${companion}"`]);
  }
  for (const key of keys) {
    if (key !== connective && !COMPANIONS[connective].includes(key)) {
      out.push([`${pointer}/${escapeToken(key)}`, `unknown key "${key}" in a ${connective} formula`]);
    }
  }
  const value = record[connective];
  const at = `${pointer}/${connective}`;
  switch (connective) {
    case "pred":
      if (typeof value !== "string") out.push([at, `pred must be a predicate name, got ${describeValue(value)}`]);
      if ("args" in record && !Array.isArray(record.args)) {
        out.push([`${pointer}/args`, `args must be a list of terms, got ${describeValue(record.args)}`]);
      }
      break;
    case "eq":
      if (!Array.isArray(value) || value.length !== 2)
        out.push([at, `eq must be a list of exactly 2 terms, got ${describeValue(value)}`]);
      break;
    case "implies":
      if (!Array.isArray(value) || value.length !== 2) {
        out.push([at, `implies must be a list of exactly 2 formulas (if, then), got ${describeValue(value)}`]);
      }
      break;
    case "and":
    case "or":
      if (!Array.isArray(value))
        out.push([at, `${connective} must be a list of formulas, got ${describeValue(value)}`]);
      break;
    default:
      break; // not, forall, exists, body: their values are checked as formulas or variable lists at their own place
  }
  return out;
}

/** What is wrong with a term node itself. */
function describeTerm(node: unknown, pointer: string): [string, string][] {
  if (typeof node === "string") return [];
  if (node === null || typeof node !== "object" || Array.isArray(node)) {
    return [[pointer, `a term must be a name or an object {"fn", "args"}; got ${describeValue(node)}`]];
  }
  const record = node as Record<string, unknown>;
  const out: [string, string][] = [];
  if (!("fn" in record)) out.push([pointer, `a function term needs "fn"`]);
  else if (typeof record.fn !== "string")
    out.push([`${pointer}/fn`, `fn must be a function name, got ${describeValue(record.fn)}`]);
  if (!("args" in record)) out.push([pointer, `a function term needs "args"`]);
  else if (!Array.isArray(record.args))
    out.push([`${pointer}/args`, `args must be a list of terms, got ${describeValue(record.args)}`]);
  for (const key of Object.keys(record)) {
    if (key !== "fn" && key !== "args")
      out.push([`${pointer}/${escapeToken(key)}`, `unknown key "${key}" in a function term`]);
  }
  return out;
}

/** A short description of a JSON value for a message: `the string "x"`, `a list of 3 items`, `the number 3`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value))
    return value.length === 0 ? "an empty list" : `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function escapeToken(key: string): string {
  return jsonPointer([key]).slice(1);
}

/**
 * The first place where `value` nests arrays and objects deeper than `maxDepth`, found without recursion (so a
 * 100,000-deep input cannot overflow the stack), or an error when it holds more than `maxValues` values in all (a
 * caller's object can share or cycle sub-objects, which every later walk would expand); else undefined.
 */
export function jsonShapeError(value: unknown, maxDepth: number, maxValues: number): ProgramError | undefined {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: value, path: [] }];
  let count = 0;
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (++count > maxValues) {
      return {
        pointer: "",
        kind: "limit",
        message: `the program holds more than ${maxValues} JSON values (the limit follows maxProgramBytes, ${maxValues})`,
      };
    }
    if (node === null || typeof node !== "object") continue;
    if (path.length >= maxDepth) {
      return {
        pointer: jsonPointer(path),
        kind: "limit",
        message: `the program nests arrays and objects more than ${maxDepth} deep here (maxJsonDepth is ${maxDepth})`,
      };
    }
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ node: child, path: [...path, key] });
    }
  }
  return undefined;
}
