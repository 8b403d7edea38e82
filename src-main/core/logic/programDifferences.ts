import type { Formula, Program, Term } from "./dsl.js";

/**
 * How a program differs from the question's own program (the generator's, LogicQuestion.program): the facts, rules
 * and claims each side has that the other lacks, as readable lines. Empty when the program states exactly the
 * question's facts (in any order, with any names for bound variables, any extra unused declarations).
 *
 * Used by the evaluation to explain every wrong verdict: a wrong verdict on a program with no differences would be a
 * fault in the checker, the translation or Z3; with differences it is the model's misreading, named here.
 */
export function programDifferences(program: Program, question: Program): string[] {
  const out: string[] = [];
  const compare = (what: string, mine: readonly Formula[], theirs: readonly Formula[]): void => {
    const have = mine.map(canonical);
    const want = theirs.map(canonical);
    const spare = [...have];
    for (const [i, key] of want.entries()) {
      const at = spare.indexOf(key);
      if (at >= 0) spare.splice(at, 1);
      else out.push(`missing ${what}: ${showFormula(theirs[i] as Formula)}`);
    }
    for (const key of spare) {
      const formula = mine[have.indexOf(key)] as Formula;
      out.push(`${what} not in the question: ${showFormula(formula)}`);
    }
  };
  compare("fact", program.facts, question.facts);
  compare("rule", program.rules, question.rules);
  compare(
    "claim",
    program.verifications.map((v) => v.claim),
    question.verifications.map((v) => v.claim),
  );
  return out;
}

/** A formula as a key: bound variables renamed by binding order, so ∀x p(x) and ∀y p(y) are the same. */
function canonical(formula: Formula): string {
  let next = 0;
  const walk = (f: Formula, bound: ReadonlyMap<string, string>): unknown => {
    if ("pred" in f) return { pred: f.pred, args: f.args.map((t) => term(t, bound)) };
    if ("eq" in f) return { eq: f.eq.map((t) => term(t, bound)) };
    if ("not" in f) return { not: walk(f.not, bound) };
    if ("and" in f) return { and: f.and.map((g) => walk(g, bound)) };
    if ("or" in f) return { or: f.or.map((g) => walk(g, bound)) };
    if ("implies" in f) return { implies: f.implies.map((g) => walk(g, bound)) };
    const vars = "forall" in f ? f.forall : f.exists;
    const inner = new Map(bound);
    const renamed = vars.map((v) => {
      const name = `v${next++}`;
      inner.set(v.name, name);
      return { name, sort: v.sort };
    });
    return { [("forall" in f ? "forall" : "exists") as string]: renamed, body: walk(f.body, inner) };
  };
  return JSON.stringify(walk(formula, new Map()));
}

function term(t: Term, bound: ReadonlyMap<string, string>): unknown {
  if (typeof t === "string") return bound.get(t) ?? t;
  return { fn: t.fn, args: t.args.map((a) => term(a, bound)) };
}

/** A formula in one line of plain first-order notation: ∀x (wumpus(x) → ¬fast(x)). */
export function showFormula(f: Formula): string {
  if ("pred" in f) return `${f.pred}(${f.args.map(showTerm).join(", ")})`;
  if ("eq" in f) return `${showTerm(f.eq[0])} = ${showTerm(f.eq[1])}`;
  if ("not" in f) return `¬${showFormula(f.not)}`;
  if ("and" in f) return `(${f.and.map(showFormula).join(" ∧ ")})`;
  if ("or" in f) return `(${f.or.map(showFormula).join(" ∨ ")})`;
  if ("implies" in f) return `(${showFormula(f.implies[0])} → ${showFormula(f.implies[1])})`;
  const vars = ("forall" in f ? f.forall : f.exists).map((v) => v.name).join(" ");
  return `${"forall" in f ? "∀" : "∃"}${vars} ${showFormula(f.body)}`;
}

function showTerm(t: Term): string {
  return typeof t === "string" ? t : `${t.fn}(${t.args.map(showTerm).join(", ")})`;
}
