import type { Formula, Program, Term } from "./dsl.js";

/** Where each fact, rule and verification of an assembled program came from: the index of its statement. */
export interface AssembledProgram {
  program: Program;
  /** `facts/0` → 2: the first fact is statement 2. Keys are JSON Pointer paths without the leading slash. */
  origin: Map<string, number>;
}

/** Names that are variables by convention (x, y, z, …): never taken for constants, so a free one is an error. */
const VARIABLE = /^[a-z]$/;

/** The sort assembled programs declare when their statements bind no variable of another sort. */
export const DEFAULT_SORT = "entity";

/**
 * A whole DSL program from one formula per statement (the statement mode of the prover, proveQuestion): the last
 * formula is the claim (the one verification, "claim"); a formula with a quantifier at its top is a rule, any other
 * a fact. Declarations are gathered from use: the sorts named by quantified variables (else `entity`), every name
 * used as an argument and not bound by a quantifier as a constant of the first sort (except one-letter lower-case
 * names, variables by convention: a rule that uses a variable it does not bind is then an error the checker names), every predicate with the
 * number of arguments of its first use, each argument of the first sort. So a statement that uses a predicate with
 * another arity, or a variable its rule does not bind, still reaches the checker, which names it.
 *
 * @throws RangeError for no formulas (there is no claim).
 */
export function assembleProgram(formulas: readonly Formula[]): AssembledProgram {
  if (formulas.length === 0) throw new RangeError("a program needs at least the claim");
  const sorts: string[] = [];
  const constants: string[] = [];
  const predicates = new Map<string, number>();
  const note = (list: string[], item: string): void => {
    if (!list.includes(item)) list.push(item);
  };
  const visitTerm = (t: Term, bound: ReadonlySet<string>): void => {
    if (typeof t === "string") {
      if (!bound.has(t) && !VARIABLE.test(t)) note(constants, t);
    } else t.args.forEach((a) => visitTerm(a, bound));
  };
  const visit = (f: Formula, bound: ReadonlySet<string>): void => {
    if ("pred" in f) {
      if (!predicates.has(f.pred)) predicates.set(f.pred, f.args.length);
      f.args.forEach((a) => visitTerm(a, bound));
    } else if ("eq" in f) f.eq.forEach((a) => visitTerm(a, bound));
    else if ("not" in f) visit(f.not, bound);
    else if ("and" in f) f.and.forEach((g) => visit(g, bound));
    else if ("or" in f) f.or.forEach((g) => visit(g, bound));
    else if ("implies" in f) f.implies.forEach((g) => visit(g, bound));
    else {
      const vars = "forall" in f ? f.forall : f.exists;
      vars.forEach((v) => note(sorts, v.sort));
      visit(f.body, new Set([...bound, ...vars.map((v) => v.name)]));
    }
  };
  formulas.forEach((f) => visit(f, new Set()));
  if (sorts.length === 0) sorts.push(DEFAULT_SORT);
  const sort = sorts[0] as string;
  const facts: Formula[] = [];
  const rules: Formula[] = [];
  const origin = new Map<string, number>();
  formulas.slice(0, -1).forEach((f, i) => {
    const quantified = "forall" in f || "exists" in f;
    const list = quantified ? rules : facts;
    origin.set(`${quantified ? "rules" : "facts"}/${list.length}`, i);
    list.push(f);
  });
  origin.set("verifications/0", formulas.length - 1);
  return {
    program: {
      sorts: sorts.map((name) => ({ name })),
      constants: constants.map((name) => ({ name, sort })),
      predicates: [...predicates].map(([name, arity]) => ({ name, args: Array<string>(arity).fill(sort) })),
      facts,
      rules,
      verifications: [{ name: "claim", claim: formulas[formulas.length - 1] as Formula }],
    },
    origin,
  };
}

/**
 * The statement an error's JSON Pointer falls in ("/rules/3/body/implies/1" → the statement of rules/3), or
 * undefined for a pointer into the declarations or the whole program.
 */
export function statementAt(pointer: string, origin: ReadonlyMap<string, number>): number | undefined {
  const match = /^\/(facts|rules|verifications)\/(\d+)/.exec(pointer);
  return match ? origin.get(`${match[1]}/${match[2]}`) : undefined;
}

/**
 * The sentences of a question, each one statement: split after ".", "?" or "!" followed by white space. The query
 * ("True or false: Max is fast.") is the last sentence.
 */
export function splitSentences(question: string): string[] {
  return question
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.?!])\s+(?=\S)/)
    .filter((s) => s.length > 0);
}
