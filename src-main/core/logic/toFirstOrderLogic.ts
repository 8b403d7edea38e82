import type { Formula, Program, Term } from "./dsl.js";
import { jsonPointer } from "./ProgramError.js";

/** One formula of a program in first-order logic, as text and as LaTeX, with where it is in the program. */
export interface FolLine {
  /** JSON Pointer of the formula's item in the program ("/rules/2", "/verifications/0"). */
  pointer: string;
  /** Unicode text: "∀x (wumpus(x) → yumpus(x))". */
  text: string;
  /** LaTeX for KaTeX: "\forall x\,(\mathrm{wumpus}(x) \rightarrow \mathrm{yumpus}(x))". */
  latex: string;
  /** For a verification: its name. */
  name?: string;
}

/** A program rendered as first-order logic for people. */
export interface FirstOrderLogic {
  /** One line per declaration: "sort entity", "sort color = {red, blue}", "Max : entity", "color_of : entity → color", "wumpus ⊆ entity". */
  declarations: string[];
  facts: FolLine[];
  rules: FolLine[];
  verifications: FolLine[];
}

/** Binding strength, loosest first: a child looser than its context is parenthesised. */
const PRECEDENCE = { implies: 1, or: 2, and: 3, not: 4, atom: 5 } as const;

/**
 * Renders a program as many-sorted first-order logic (Proof of Thought, Ganguly et al. 2024, §3: the DSL's formulas
 * are first-order logic; shown so a person can read what the prover decided). Connectives: ¬ ∧ ∨ → ∀ ∃ =, with ≠ for
 * a negated equation and parentheses only where precedence (¬ over ∧ over ∨ over →) needs them; a quantifier's body
 * is always in parentheses. Variables carry their sort ("∀x:entity") only when the program has more than one sort.
 * Names go into LaTeX as \mathrm{…} with LaTeX's special characters escaped, so any name renders safely.
 * Meant for checked programs; a malformed node renders as "?" rather than throwing.
 */
export function toFirstOrderLogic(program: Program): FirstOrderLogic {
  const sorted = (program.sorts?.length ?? 0) > 1;
  const line = (formula: Formula, path: (string | number)[], name?: string): FolLine => ({
    pointer: jsonPointer(path),
    text: render(formula, TEXT, sorted),
    latex: render(formula, LATEX, sorted),
    ...(name === undefined ? {} : { name }),
  });
  const declarations = [
    ...(program.sorts ?? []).map((s) => (s.values ? `sort ${s.name} = {${s.values.join(", ")}}` : `sort ${s.name}`)),
    ...(program.constants ?? []).map((c) => `${c.name} : ${c.sort}`),
    ...(program.functions ?? []).map((f) => `${f.name} : ${[...f.args, f.returns].join(" → ")}`),
    ...(program.predicates ?? []).map((p) =>
      p.args.length === 0 ? `${p.name} : proposition` : `${p.name} ⊆ ${p.args.join(" × ")}`,
    ),
  ];
  return {
    declarations,
    facts: (program.facts ?? []).map((f, i) => line(f, ["facts", i])),
    rules: (program.rules ?? []).map((f, i) => line(f, ["rules", i])),
    verifications: (program.verifications ?? []).map((v, i) => line(v.claim, ["verifications", i], v.name)),
  };
}

/** The symbols of one output notation. */
interface Notation {
  name(name: string): string;
  variable(name: string): string;
  not: string;
  and: string;
  or: string;
  implies: string;
  eq: string;
  neq: string;
  quantifier(kind: "forall" | "exists", vars: string[], body: string): string;
  typed(variable: string, sort: string): string;
}

const TEXT: Notation = {
  name: (n) => n,
  variable: (n) => n,
  not: "¬",
  and: " ∧ ",
  or: " ∨ ",
  implies: " → ",
  eq: " = ",
  neq: " ≠ ",
  quantifier: (kind, vars, body) => `${kind === "forall" ? "∀" : "∃"}${vars.join(", ")} (${body})`,
  typed: (variable, sort) => `${variable}:${sort}`,
};

const LATEX: Notation = {
  name: (n) => `\\mathrm{${escapeLatex(n)}}`,
  variable: (n) => (/^[A-Za-z]$/.test(n) ? n : `\\mathit{${escapeLatex(n)}}`),
  not: "\\neg ",
  and: " \\land ",
  or: " \\lor ",
  implies: " \\rightarrow ",
  eq: " = ",
  neq: " \\neq ",
  quantifier: (kind, vars, body) => `${kind === "forall" ? "\\forall" : "\\exists"} ${vars.join(",\\, ")}\\,(${body})`,
  typed: (variable, sort) => `${variable}{:}\\mathrm{${escapeLatex(sort)}}`,
};

/** LaTeX's special characters written so that they print as themselves inside \mathrm{} or \mathit{}. */
export function escapeLatex(name: string): string {
  return name.replace(/[\\{}$&#^_%~\s]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\backslash{}";
      case "^":
        return "\\hat{}";
      case "~":
        return "\\sim{}";
      case "{":
      case "}":
      case "$":
      case "&":
      case "#":
      case "_":
      case "%":
        return `\\${c}`;
      default:
        return "\\ "; // whitespace
    }
  });
}

function render(formula: Formula, n: Notation, sorted: boolean): string {
  // Variables in scope, so that a name renders as a variable (italic in LaTeX) or as a constant.
  const walk = (f: Formula, bound: Set<string>, context: number): string => {
    const wrap = (own: number, text: string): string => (own < context ? `(${text})` : text);
    if (f === null || typeof f !== "object") return "?";
    if ("pred" in f) {
      const args = Array.isArray(f.args) ? f.args : [];
      return args.length === 0
        ? n.name(String(f.pred))
        : `${n.name(String(f.pred))}(${args.map((a) => term(a, bound)).join(", ")})`;
    }
    if ("eq" in f && Array.isArray(f.eq))
      return wrap(PRECEDENCE.atom, `${term(f.eq[0], bound)}${n.eq}${term(f.eq[1], bound)}`);
    if ("not" in f) {
      const inner = f.not;
      if (inner && typeof inner === "object" && "eq" in inner && Array.isArray(inner.eq)) {
        return `${term(inner.eq[0], bound)}${n.neq}${term(inner.eq[1], bound)}`;
      }
      return `${n.not}${walk(inner, bound, PRECEDENCE.not)}`;
    }
    if ("and" in f && Array.isArray(f.and)) {
      return wrap(PRECEDENCE.and, f.and.map((p) => walk(p, bound, PRECEDENCE.and + 1)).join(n.and));
    }
    if ("or" in f && Array.isArray(f.or))
      return wrap(PRECEDENCE.or, f.or.map((p) => walk(p, bound, PRECEDENCE.or + 1)).join(n.or));
    if ("implies" in f && Array.isArray(f.implies)) {
      // → associates to the right: a nested premise implication needs parentheses, a nested conclusion does not.
      const text = `${walk(f.implies[0], bound, PRECEDENCE.implies + 1)}${n.implies}${walk(f.implies[1], bound, PRECEDENCE.implies)}`;
      return wrap(PRECEDENCE.implies, text);
    }
    if ("forall" in f || "exists" in f) {
      const kind = "forall" in f ? "forall" : "exists";
      const vars = ("forall" in f ? f.forall : f.exists) ?? [];
      const inner = new Set(bound);
      for (const v of vars) inner.add(v.name);
      const names = vars.map((v) => (sorted ? n.typed(n.variable(v.name), v.sort) : n.variable(v.name)));
      // The body is always parenthesised, so the quantifier's reach is plain wherever it stands.
      return n.quantifier(kind, names, walk(f.body, inner, 0));
    }
    return "?";
  };
  const term = (t: Term, bound: Set<string>): string => {
    if (typeof t === "string") return bound.has(t) ? n.variable(t) : n.name(t);
    if (t === null || typeof t !== "object" || !Array.isArray(t.args)) return "?";
    return t.args.length === 0
      ? n.name(String(t.fn))
      : `${n.name(String(t.fn))}(${t.args.map((a) => term(a, bound)).join(", ")})`;
  };
  return walk(formula, new Set(), 0);
}
