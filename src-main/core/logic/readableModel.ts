import type { Expr, Model } from "z3-solver";
import type { Program } from "./dsl.js";
import type { Z3Program } from "./toZ3.js";

/** Most tuples listed for one predicate or function; past it the entry says how many there would be. */
const MAX_TUPLES = 200;

/**
 * A Z3 model as a person reads it, compact: each sort's universe ("{Max, Alex=Rex, entity#3}": individuals named by
 * the constants that denote them, `=` joining constants that denote the same one, `sort#k` for an unnamed one), each
 * predicate's extension ("{Max, entity#3}"; pairs as "(Max, Alex)"; a 0-ary predicate "true"/"false") and each
 * function's table ("Max↦red, Alex↦blue"). Keys are the program's names (sorts, predicates, functions share one
 * namespace, so they cannot collide). Z3's model completion fills in whatever the model left open.
 */
export function readableModel(model: Model<"main">, z3: Z3Program, program: Program): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>(); // Z3's text of an individual -> its readable name
  const universes = new Map<string, Expr<"main">[]>();
  for (const sort of program.sorts) {
    const z3Sort = z3.sorts.get(sort.name)!;
    let elements: Expr<"main">[];
    if (sort.values) elements = sort.values.map((value) => z3.constants.get(value)!);
    else {
      try {
        elements = [...model.sortUniverse(z3Sort)];
      } catch {
        elements = []; // a sort no formula mentions has no universe in the model
      }
    }
    universes.set(sort.name, elements);
    const denoted = new Map<string, string[]>();
    for (const constant of program.constants.filter((c) => c.sort === sort.name)) {
      const text = model.eval(z3.constants.get(constant.name)!, true).toString();
      denoted.set(text, [...(denoted.get(text) ?? []), constant.name]);
    }
    elements.forEach((element, k) => {
      const text = element.toString();
      const own = sort.values ? [text] : [];
      const aliases = [...own, ...(denoted.get(text) ?? [])];
      names.set(text, aliases.length > 0 ? aliases.join("=") : `${sort.name}#${k + 1}`);
    });
    out[sort.name] = `{${elements.map((e) => names.get(e.toString())).join(", ")}}`;
  }
  const nameOf = (e: Expr<"main">): string => names.get(e.toString()) ?? e.toString();
  const tuplesOf = (args: string[]): Expr<"main">[][] | number => {
    const count = args.reduce((n, sort) => n * (universes.get(sort)?.length ?? 0), 1);
    if (count > MAX_TUPLES) return count;
    let tuples: Expr<"main">[][] = [[]];
    for (const sort of args) tuples = tuples.flatMap((t) => (universes.get(sort) ?? []).map((e) => [...t, e]));
    return tuples;
  };
  const tupleText = (t: Expr<"main">[]): string => (t.length === 1 ? nameOf(t[0]!) : `(${t.map(nameOf).join(", ")})`);
  for (const predicate of program.predicates) {
    const decl = z3.functions.get(predicate.name)!;
    const tuples = tuplesOf(predicate.args);
    if (typeof tuples === "number") out[predicate.name] = `(${tuples} tuples: too many to list)`;
    else if (predicate.args.length === 0) out[predicate.name] = model.eval(decl.call(), true).toString();
    else {
      const holds = tuples.filter((t) => model.eval(decl.call(...t), true).toString() === "true");
      out[predicate.name] = `{${holds.map(tupleText).join(", ")}}`;
    }
  }
  for (const fn of program.functions ?? []) {
    const decl = z3.functions.get(fn.name)!;
    const tuples = tuplesOf(fn.args);
    if (typeof tuples === "number") out[fn.name] = `(${tuples} arguments: too many to list)`;
    else if (fn.args.length === 0) out[fn.name] = nameOf(model.eval(decl.call(), true));
    else out[fn.name] = tuples.map((t) => `${tupleText(t)}↦${nameOf(model.eval(decl.call(...t), true))}`).join(", ");
  }
  return out;
}
