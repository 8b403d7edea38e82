/**
 * The Proof of Thought DSL (Ganguly et al., "Proof of Thought: Neurosymbolic Program Synthesis allows Robust and
 * Interpretable Reasoning", 2024, §3 "the JSON-based DSL"): a logic program written as JSON data — sorts, constants,
 * functions and predicates with signatures, knowledge-base facts, rules, and verifications (the claims to decide).
 * The interpreter (checkProgram.ts) type-checks it and toZ3.ts turns it into first-order logic for Z3.
 *
 * Unlike the reference implementation, formulas are JSON trees, not strings of Python: the program is data and is
 * never evaluated as code. `programSchema` (below) is the single description of the shape: ajv validates programs
 * with it and node-llama-cpp builds the grammar that constrains the model's output from it (programGrammarSchema).
 */

/** A sort (a type of individuals). `values` makes it a finite sort whose individuals are exactly those constants. */
export interface SortDecl {
  name: string;
  /** Finite sort: its distinct individuals, each also usable as a constant of the sort. */
  values?: string[];
}

/** A constant (a named individual) of a declared sort. */
export interface ConstantDecl {
  name: string;
  sort: string;
}

/** A predicate: its argument sorts; it is true or false of each tuple of individuals. */
export interface PredicateDecl {
  name: string;
  args: string[];
}

/** A function: its argument sorts and the sort of its value. */
export interface FunctionDecl {
  name: string;
  args: string[];
  returns: string;
}

/** A bound variable of a quantifier. */
export interface VarDecl {
  name: string;
  sort: string;
}

/** A term: the name of a constant or a bound variable, or a function applied to terms. */
export type Term = string | { fn: string; args: Term[] };

/** A first-order formula. Exactly one key names the connective. */
export type Formula =
  | { pred: string; args: Term[] }
  | { eq: [Term, Term] }
  | { not: Formula }
  | { and: Formula[] }
  | { or: Formula[] }
  | { implies: [Formula, Formula] }
  | { forall: VarDecl[]; body: Formula }
  | { exists: VarDecl[]; body: Formula };

/** A claim to decide against the knowledge base (facts and rules). */
export interface Verification {
  name: string;
  claim: Formula;
}

/**
 * A whole program. Facts and rules are both asserted; the split is the DSL's (PoT §3: "explicit representation of
 * rules for clear distinction between factual and inferential knowledge"): facts are ground, rules quantified.
 */
export interface Program {
  sorts: SortDecl[];
  constants: ConstantDecl[];
  functions?: FunctionDecl[];
  predicates: PredicateDecl[];
  facts: Formula[];
  rules: Formula[];
  verifications: Verification[];
}

const name = { type: "string" } as const;
const names = { type: "array", items: { type: "string" } } as const;

/**
 * JSON Schema (draft 2020-12 subset that both ajv and node-llama-cpp's grammar builder read) of a Program. Property
 * order is the order the model writes them in: declarations before their use. `additionalProperties: false`
 * everywhere, so a misspelt key is an error naming it, not a silently ignored field.
 */
export const programSchema = {
  type: "object",
  properties: {
    sorts: {
      type: "array",
      items: {
        type: "object",
        properties: { name, values: names },
        required: ["name"],
        additionalProperties: false,
      },
    },
    constants: {
      type: "array",
      items: {
        type: "object",
        properties: { name, sort: name },
        required: ["name", "sort"],
        additionalProperties: false,
      },
    },
    functions: {
      type: "array",
      items: {
        type: "object",
        properties: { name, args: names, returns: name },
        required: ["name", "args", "returns"],
        additionalProperties: false,
      },
    },
    predicates: {
      type: "array",
      items: {
        type: "object",
        properties: { name, args: names },
        required: ["name", "args"],
        additionalProperties: false,
      },
    },
    facts: { type: "array", items: { $ref: "#/$defs/formula" } },
    rules: { type: "array", items: { $ref: "#/$defs/formula" } },
    verifications: {
      type: "array",
      items: {
        type: "object",
        properties: { name, claim: { $ref: "#/$defs/formula" } },
        required: ["name", "claim"],
        additionalProperties: false,
      },
    },
  },
  required: ["sorts", "constants", "predicates", "facts", "rules", "verifications"],
  additionalProperties: false,
  $defs: {
    term: {
      oneOf: [
        { type: "string" },
        {
          type: "object",
          properties: { fn: name, args: { type: "array", items: { $ref: "#/$defs/term" } } },
          required: ["fn", "args"],
          additionalProperties: false,
        },
      ],
    },
    varDecls: {
      type: "array",
      items: {
        type: "object",
        properties: { name, sort: name },
        required: ["name", "sort"],
        additionalProperties: false,
      },
    },
    formula: {
      oneOf: [
        {
          type: "object",
          properties: { pred: name, args: { type: "array", items: { $ref: "#/$defs/term" } } },
          required: ["pred", "args"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: {
            eq: {
              type: "array",
              prefixItems: [{ $ref: "#/$defs/term" }, { $ref: "#/$defs/term" }],
              minItems: 2,
              maxItems: 2,
            },
          },
          required: ["eq"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { not: { $ref: "#/$defs/formula" } },
          required: ["not"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { and: { type: "array", items: { $ref: "#/$defs/formula" } } },
          required: ["and"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { or: { type: "array", items: { $ref: "#/$defs/formula" } } },
          required: ["or"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: {
            implies: {
              type: "array",
              prefixItems: [{ $ref: "#/$defs/formula" }, { $ref: "#/$defs/formula" }],
              minItems: 2,
              maxItems: 2,
            },
          },
          required: ["implies"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { forall: { $ref: "#/$defs/varDecls" }, body: { $ref: "#/$defs/formula" } },
          required: ["forall", "body"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { exists: { $ref: "#/$defs/varDecls" }, body: { $ref: "#/$defs/formula" } },
          required: ["exists", "body"],
          additionalProperties: false,
        },
      ],
    },
  },
} as const;

/** A formula's connective: the key that names it. */
export type Connective = "pred" | "eq" | "not" | "and" | "or" | "implies" | "forall" | "exists";

/**
 * The schema node-llama-cpp turns into the grammar for the model's output. Its grammar builder writes every listed
 * property (it has no optional ones), so the optional parts of programSchema (a sort's `values`, `functions`) are left
 * out: the embedded prover writes neither, and a program that needs them can still be written by hand and checked.
 * Everything the grammar admits, programSchema admits too.
 */
export const programGrammarSchema: unknown = withoutOptional(programSchema);

function withoutOptional(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutOptional);
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  const required = Array.isArray(record.required) ? (record.required as string[]) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "required" || key === "additionalProperties") continue;
    if (key === "properties" && required) {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([property]) => required.includes(property))
          .map(([property, schema]) => [property, withoutOptional(schema)]),
      );
    } else out[key] = withoutOptional(value);
  }
  return out;
}

/**
 * programGrammarSchema with every name (the grammar's only strings: sorts, constants, predicates, variables,
 * verification names) restricted to `names`: constrained decoding with a copy vocabulary, so the model can only
 * write names that are in the question (questionNames). The checker still judges the program as any other.
 *
 * @throws RangeError for an empty list (the grammar would admit no program).
 */
export function programGrammarSchemaFor(names: readonly string[]): unknown {
  if (names.length === 0) throw new RangeError("a name grammar needs at least one name");
  const restricted = { enum: [...new Set(names)] };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    if (record.type === "string" && Object.keys(record).length === 1) return restricted;
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, walk(value)]));
  };
  return walk(programGrammarSchema);
}

/**
 * The grammar schema of one formula (a statement of the prover's statement mode: a fact, a rule or the claim), its
 * names restricted to `names` as in programGrammarSchemaFor.
 *
 * @throws RangeError for an empty list of names.
 */
export function formulaGrammarSchemaFor(names: readonly string[]): unknown {
  const program = programGrammarSchemaFor(names) as { $defs: Record<string, unknown> };
  return { $ref: "#/$defs/formula", $defs: program.$defs };
}
