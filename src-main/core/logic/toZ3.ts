import type { Bool, Context, Expr, FuncDecl, Sort } from "z3-solver";
import type { Formula, Program, Term } from "./dsl.js";

/** A Z3 context as z3-solver makes it; every solve has its own. */
export type Z3Context = Context<"main">;

/** A knowledge-base item (a fact or a rule) in Z3, with the label its unsat-core literal carries. */
export interface TrackedFormula {
  /** "facts/0", "rules/2": the item's JSON Pointer without the leading "/". */
  label: string;
  expr: Bool<"main">;
}

/** A program's declarations and formulas as Z3 objects, for solveProgram and readableModel. */
export interface Z3Program {
  /** Each sort by name: finite sorts are Z3 enumeration (datatype) sorts, the others uninterpreted sorts. */
  sorts: Map<string, Sort<"main">>;
  /** Each constant and finite-sort value by name. */
  constants: Map<string, Expr<"main">>;
  /** Each function and predicate by name (a predicate is a function into Bool). */
  functions: Map<string, FuncDecl<"main">>;
  /** The facts, then the rules. */
  knowledge: TrackedFormula[];
  /** The verifications' claims, in order. */
  claims: { name: string; expr: Bool<"main"> }[];
}

let datatypeSerial = 0;

/**
 * Translates a checked program into Z3 (Proof of Thought, Ganguly et al. 2024, §3: the interpreter maps the DSL's
 * sorts, functions and quantified formulas onto Z3's many-sorted first-order logic).
 *
 * Finite sorts become Z3 enumeration sorts (a datatype whose constructors are the values, built with z3-solver's
 * `Datatype`): the values are distinct and are the sort's only individuals by construction, with no axioms to add,
 * and Z3 decides quantifiers over them by case splitting. Other sorts are uninterpreted (any non-empty set).
 * Bound variables are Z3 constants abstracted by ForAll / Exists; the checker guarantees that a variable never has
 * the name of a constant or function, so abstraction cannot capture one. The program must have passed checkProgram.
 */
export function toZ3(ctx: Z3Context, program: Program): Z3Program {
  const sorts = new Map<string, Sort<"main">>();
  const constants = new Map<string, Expr<"main">>();
  const functions = new Map<string, FuncDecl<"main">>();
  for (const sort of program.sorts) {
    if (sort.values === undefined) {
      sorts.set(sort.name, ctx.Sort.declare(sort.name));
      continue;
    }
    // Z3 keeps datatype definitions by name for the context's life and the context is shared by every solve
    // (z3.ts), so each finite sort gets a name of its own; its values keep theirs (the model prints those).
    const datatype = ctx.Datatype(`${sort.name}!${++datatypeSerial}`);
    for (const value of sort.values) datatype.declare(value);
    const enumeration = datatype.create();
    sorts.set(sort.name, enumeration);
    sort.values.forEach((value, i) => constants.set(value, enumeration.constructorDecl(i).call()));
  }
  const sortOf = (name: string): Sort<"main"> => sorts.get(name)!;
  for (const constant of program.constants)
    constants.set(constant.name, ctx.Const(constant.name, sortOf(constant.sort)));
  for (const fn of program.functions ?? []) {
    functions.set(fn.name, ctx.Function.declare(fn.name, ...fn.args.map(sortOf), sortOf(fn.returns)));
  }
  for (const predicate of program.predicates) {
    functions.set(predicate.name, ctx.Function.declare(predicate.name, ...predicate.args.map(sortOf), ctx.Bool.sort()));
  }

  const term = (t: Term, scope: Map<string, Expr<"main">>): Expr<"main"> => {
    if (typeof t === "string") return scope.get(t) ?? constants.get(t)!;
    return functions.get(t.fn)!.call(...t.args.map((arg) => term(arg, scope)));
  };
  const formula = (f: Formula, scope: Map<string, Expr<"main">>): Bool<"main"> => {
    if ("pred" in f) return functions.get(f.pred)!.call(...f.args.map((arg) => term(arg, scope))) as Bool<"main">;
    if ("eq" in f) return ctx.Eq(term(f.eq[0], scope), term(f.eq[1], scope));
    if ("not" in f) return ctx.Not(formula(f.not, scope));
    if ("and" in f) return ctx.And(...f.and.map((part) => formula(part, scope)));
    if ("or" in f) return ctx.Or(...f.or.map((part) => formula(part, scope)));
    if ("implies" in f) return ctx.Implies(formula(f.implies[0], scope), formula(f.implies[1], scope));
    const vars = "forall" in f ? f.forall : f.exists;
    const inner = new Map(scope);
    const bound = vars.map((v) => {
      const variable = ctx.Const(v.name, sortOf(v.sort));
      inner.set(v.name, variable);
      return variable;
    });
    const body = formula(f.body, inner);
    // z3-solver types the bound list by its sorts; the program's sorts are only known at run time.
    const quantify = ("forall" in f ? ctx.ForAll : ctx.Exists) as (
      vars: Expr<"main">[],
      body: Bool<"main">,
    ) => Bool<"main">;
    return quantify(bound, body);
  };

  return {
    sorts,
    constants,
    functions,
    knowledge: [
      ...program.facts.map((f, i) => ({ label: `facts/${i}`, expr: formula(f, new Map()) })),
      ...program.rules.map((f, i) => ({ label: `rules/${i}`, expr: formula(f, new Map()) })),
    ],
    claims: program.verifications.map((v) => ({ name: v.name, expr: formula(v.claim, new Map()) })),
  };
}
