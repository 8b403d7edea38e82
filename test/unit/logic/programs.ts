import type { Formula, Program, Term } from "../../../src-main/core/logic/dsl.js";

/** Builders that keep the hand-written programs short and readable. */
export const pred = (name: string, ...args: Term[]): Formula => ({ pred: name, args });
export const not = (f: Formula): Formula => ({ not: f });
export const implies = (a: Formula, b: Formula): Formula => ({ implies: [a, b] });
export const forall = (vars: [string, string][], body: Formula): Formula => ({
  forall: vars.map(([name, sort]) => ({ name, sort })),
  body,
});
export const exists = (vars: [string, string][], body: Formula): Formula => ({
  exists: vars.map(([name, sort]) => ({ name, sort })),
  body,
});
/** ∀x:entity (a(x) → b(x)), the ProntoQA rule "Every a is a b". */
export const every = (a: string, b: Formula | string): Formula =>
  forall([["x", "entity"]], implies(pred(a, "x"), typeof b === "string" ? pred(b, "x") : b));

/** A one-sort program over `entity` with unary predicates. */
export function entityProgram(parts: {
  constants: string[];
  predicates: string[];
  facts?: Formula[];
  rules?: Formula[];
  claims: Record<string, Formula>;
}): Program {
  return {
    sorts: [{ name: "entity" }],
    constants: parts.constants.map((name) => ({ name, sort: "entity" })),
    predicates: parts.predicates.map((name) => ({ name, args: ["entity"] })),
    facts: parts.facts ?? [],
    rules: parts.rules ?? [],
    verifications: Object.entries(parts.claims).map(([name, claim]) => ({ name, claim })),
  };
}

/**
 * A 5-hop ProntoQA-style chain: "Every wumpus is a yumpus. Every yumpus is a zumpus. Every zumpus is a dumpus.
 * Every dumpus is a rompus. Every rompus is a numpus. Numpuses are not fast. Max is a wumpus." (plus a distractor:
 * "Every tumpus is fast.") Max is a numpus (5 hops, true) and Max is fast (false).
 */
export const chain: Program = entityProgram({
  constants: ["Max"],
  predicates: ["wumpus", "yumpus", "zumpus", "dumpus", "rompus", "numpus", "tumpus", "fast"],
  facts: [pred("wumpus", "Max")],
  rules: [
    every("wumpus", "yumpus"),
    every("yumpus", "zumpus"),
    every("zumpus", "dumpus"),
    every("dumpus", "rompus"),
    every("rompus", "numpus"),
    every("numpus", not(pred("fast", "x"))),
    every("tumpus", "fast"),
  ],
  claims: { numpus: pred("numpus", "Max"), fast: pred("fast", "Max"), tumpus: pred("tumpus", "Max") },
});
