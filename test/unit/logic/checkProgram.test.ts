import { describe, expect, it } from "vitest";
import { checkProgram, checkProgramText } from "../../../src-main/core/logic/checkProgram.js";
import type { Program } from "../../../src-main/core/logic/dsl.js";
import { formatProgramError, type ProgramError } from "../../../src-main/core/logic/ProgramError.js";
import { chain, entityProgram, every, forall, pred } from "./programs.js";

/** The errors of a program, as the lines a model would be shown. */
function lines(value: unknown, limits?: Parameters<typeof checkProgram>[1]): string[] {
  const result = checkProgram(value, limits);
  return result.errors.map(formatProgramError);
}

function errorsOf(value: unknown): ProgramError[] {
  return checkProgram(value).errors;
}

/** A small valid program with two sorts, a function and a finite sort, to break in one place at a time. */
const base: Program = {
  sorts: [{ name: "entity" }, { name: "color", values: ["red", "blue"] }],
  constants: [{ name: "Max", sort: "entity" }],
  functions: [{ name: "color_of", args: ["entity"], returns: "color" }],
  predicates: [
    { name: "wumpus", args: ["entity"] },
    { name: "yumpus", args: ["entity"] },
    { name: "fast", args: ["entity"] },
  ],
  facts: [pred("wumpus", "Max")],
  rules: [every("wumpus", "yumpus")],
  verifications: [{ name: "q", claim: pred("yumpus", "Max") }],
};
const clone = (): Program => structuredClone(base);

describe("checkProgram", () => {
  it("accepts a valid program and returns it typed", () => {
    const result = checkProgram(base);
    expect(result).toEqual({ ok: true, program: base, errors: [] });
    expect(checkProgram(chain).ok).toBe(true);
  });

  it("names an arity mismatch at the formula", () => {
    const p = clone();
    p.rules[0] = forall([["x", "entity"]], { implies: [pred("wumpus", "x"), pred("yumpus", "x", "Max")] });
    expect(lines(p)).toEqual(["/rules/0/body/implies/1: predicate yumpus expects 1 argument, got 2"]);
    expect(errorsOf(p)[0]!.kind).toBe("type");
  });

  it("names an argument of the wrong sort", () => {
    const p = clone();
    p.facts.push(pred("fast", "red"));
    p.facts.push(pred("fast", { fn: "color_of", args: ["Max"] }));
    expect(lines(p)).toEqual([
      "/facts/1/args/0: argument 1 of fast must be entity, got color constant red",
      "/facts/2/args/0: argument 1 of fast must be entity, got color term color_of(Max)",
    ]);
  });

  it("names unknown predicates, functions, constants and sorts with what is declared", () => {
    const p = clone();
    p.facts = [pred("wumpuses", "Max"), pred("fast", { fn: "colour", args: ["Max"] }), pred("fast", "Maxx")];
    p.constants.push({ name: "Rex", sort: "animal" });
    expect(lines(p)).toEqual([
      "/constants/1/sort: unknown sort animal; declared: entity, color",
      "/facts/0/pred: unknown predicate wumpuses; declared: wumpus, yumpus, fast",
      "/facts/1/args/0/fn: unknown function colour; declared: color_of",
      "/facts/2/args/0: Maxx is not a constant and not bound by a forall or exists; constants: red, blue, Max, Rex",
    ]);
  });

  it("names a free variable, and accepts the same name once a quantifier binds it", () => {
    const free = clone();
    free.rules = [{ implies: [pred("wumpus", "x"), pred("yumpus", "x")] }];
    expect(lines(free)).toEqual([
      "/rules/0/implies/0/args/0: x is not a constant and not bound by a forall or exists; constants: red, blue, Max",
      "/rules/0/implies/1/args/0: x is not a constant and not bound by a forall or exists; constants: red, blue, Max",
    ]);
    const outside = clone();
    outside.rules = [{ and: [forall([["x", "entity"]], pred("wumpus", "x")), pred("yumpus", "x")] }];
    expect(lines(outside)).toEqual([
      "/rules/0/and/1/args/0: x is not a constant and not bound by a forall or exists; constants: red, blue, Max",
    ]);
  });

  it("rejects a variable that shadows a constant, a repeated variable and an empty variable list", () => {
    const p = clone();
    p.rules = [
      forall([["Max", "entity"]], pred("wumpus", "Max")),
      forall(
        [
          ["x", "entity"],
          ["x", "entity"],
        ],
        pred("wumpus", "x"),
      ),
      { forall: [], body: pred("wumpus", "Max") },
    ];
    expect(lines(p)).toEqual([
      "/rules/0/forall/0/name: variable Max shadows the constant Max; give the variable another name",
      "/rules/1/forall/1/name: variable x appears twice in this forall",
      "/rules/2/forall: forall needs at least one variable",
    ]);
  });

  it("rejects empty and / or", () => {
    const p = clone();
    p.facts = [{ and: [] }, { or: [] }];
    expect(lines(p)).toEqual([
      "/facts/0/and: and needs at least one formula (an empty and would silently be true)",
      "/facts/1/or: or needs at least one formula (an empty or would silently be false)",
    ]);
  });

  it("rejects duplicate names across kinds, and circular or empty finite sorts", () => {
    const p = clone();
    p.sorts.push({ name: "shade", values: ["shade", "entity"] });
    p.sorts.push({ name: "nothing", values: [] });
    p.constants.push({ name: "red", sort: "entity" });
    p.predicates.push({ name: "Max", args: [] });
    expect(lines(p)).toEqual([
      "/sorts/2/values/0: sort shade lists itself among its values (circular sort definition)",
      "/sorts/2/values/1: value entity is the name of a sort; a sort's values are individuals, not sorts (circular sort definition)",
      "/sorts/3/values: finite sort nothing has no values; a sort needs at least one individual",
      "/constants/1/name: red is already declared as a finite-sort value at /sorts/1/values/0; every name is declared once",
      "/predicates/3/name: Max is already declared as a constant at /constants/0; every name is declared once",
    ]);
  });

  it("rejects names that cannot be symbols, once each", () => {
    const p = clone();
    p.constants.push({ name: "big dog", sort: "entity" });
    p.rules.push(forall([["the x", "entity"]], pred("fast", "the x")));
    expect(lines(p)).toEqual([
      '/constants/1/name: name "big dog" must be ASCII letters, digits and underscores, not starting with a digit',
      '/rules/1/forall/0/name: name "the x" must be ASCII letters, digits and underscores, not starting with a digit',
    ]);
  });

  it("says a program with no verifications has nothing to decide", () => {
    const p = clone();
    p.verifications = [];
    expect(errorsOf(p)).toEqual([
      { pointer: "/verifications", kind: "type", message: "the program has no verifications: nothing to decide" },
    ]);
  });

  it("rejects an equation between different sorts and a repeated verification name", () => {
    const p = clone();
    p.verifications = [
      { name: "q", claim: { eq: ["Max", "red"] } },
      { name: "q", claim: pred("wumpus", "Max") },
    ];
    expect(lines(p)).toEqual([
      "/verifications/0/claim: the two sides of eq must have the same sort, got entity and color",
      "/verifications/1/name: verification name q is already used at /verifications/0",
    ]);
  });

  it("turns a misspelt connective into one sentence instead of ajv's eight oneOf branches", () => {
    const p = clone() as unknown as { rules: unknown[] };
    p.rules[0] = {
      forall: [{ name: "x", sort: "entity" }],
      body: { impliez: [pred("wumpus", "x"), pred("yumpus", "x")] },
    };
    expect(errorsOf(p)).toEqual([
      {
        pointer: "/rules/0/body",
        kind: "schema",
        message: 'unknown connective "impliez"; expected one of pred, eq, not, and, or, implies, forall, exists',
      },
    ]);
  });

  it("describes other structural mistakes in one sentence each", () => {
    const p = clone() as unknown as Record<string, unknown[]>;
    p.facts = [
      { pred: "wumpus" },
      { pred: "wumpus", args: ["Max"], not: pred("fast", "Max") },
      { implies: [pred("fast", "Max")] },
      7,
    ];
    p.constants![0] = { name: "Max", sort: "entity", colour: "red" };
    expect(lines(p)).toEqual([
      '/constants/0/colour: unknown key "colour"; expected name, sort',
      '/facts/0: a pred formula needs "args"',
      "/facts/1: a formula has exactly one connective, got pred and not",
      "/facts/2/implies: implies must be a list of exactly 2 formulas (if, then), got a list of 1 item",
      "/facts/3: a formula must be an object with one connective key (pred, eq, not, and, or, implies, forall, exists); got the number 7",
    ]);
  });

  it("names a missing section and a value that is not a program", () => {
    const p: Record<string, unknown> = { ...clone() };
    delete p.rules;
    expect(lines(p)).toEqual(['missing key "rules"']);
    expect(lines([base])).toEqual([
      "the program must be a JSON object with sorts, constants, predicates, facts, rules and verifications; got a list of 1 item",
    ]);
    expect(lines(null)[0]).toMatch(/got null$/);
  });

  it("orders errors declarations first, then facts, rules and verifications", () => {
    const p = clone();
    p.verifications[0]!.claim = pred("nope", "Max");
    p.rules[0] = pred("gone", "Max");
    p.facts[0] = pred("missing", "Max");
    p.predicates.push({ name: "odd", args: ["unknown_sort"] });
    expect(errorsOf(p).map((e) => e.pointer)).toEqual([
      "/predicates/3/args/0",
      "/facts/0/pred",
      "/rules/0/pred",
      "/verifications/0/claim/pred",
    ]);
  });

  it("reports limits on declarations, nodes and quantifier depth, naming the limit and the value", () => {
    const many = entityProgram({
      constants: Array.from({ length: 30 }, (_, i) => `c${i}`),
      predicates: ["p"],
      claims: { q: pred("p", "c0") },
    });
    expect(lines(many, { maxDeclarations: 20 })).toEqual([
      "the program declares 32 names; the limit is 20 (maxDeclarations)",
    ]);
    expect(errorsOf(many)).toEqual([]);
    expect(lines(chain, { maxNodes: 10 })).toEqual([
      "the program has more than 10 formula and term nodes (maxNodes is 10)",
    ]);
    let deep = pred("wumpus", "x0");
    for (let i = 0; i < 4; i++) deep = forall([[`x${i}`, "entity"]], deep);
    const nested = entityProgram({
      constants: ["Max"],
      predicates: ["wumpus"],
      rules: [deep],
      claims: { q: pred("wumpus", "Max") },
    });
    expect(lines(nested, { maxQuantifierDepth: 3 })).toEqual([
      "/rules/0/body/body/body: quantifiers nest more than 3 deep here (maxQuantifierDepth is 3)",
    ]);
    expect(checkProgram(nested, { maxQuantifierDepth: 3 }).errors[0]!.kind).toBe("limit");
  });
});

describe("checkProgramText", () => {
  it("parses and checks valid text", () => {
    expect(checkProgramText(JSON.stringify(base)).ok).toBe(true);
  });

  it("names the line and column of a JSON syntax error", () => {
    expect(checkProgramText('{\n  "sorts": [],\n  "constants" []\n}').errors).toEqual([
      { pointer: "", kind: "json", message: "the program is not valid JSON: line 3, column 15: Unexpected token '['" },
    ]);
    // V8 gives no position for an unexpected token; the checker finds it.
    expect(checkProgramText('{"sorts": tru}').errors[0]!.message).toBe(
      "the program is not valid JSON: line 1, column 14: Unexpected token '}'",
    );
    expect(checkProgramText('{"sorts": [').errors[0]!.message).toMatch(
      /^the program is not valid JSON: line 1, column 12: /,
    );
  });

  it("refuses a 10 MB program by its size before parsing it", () => {
    const big = JSON.stringify({ ...base, facts: Array.from({ length: 400_000 }, () => pred("wumpus", "Max")) });
    expect(big.length).toBeGreaterThan(10_000_000);
    expect(checkProgramText(big).errors).toEqual([
      {
        pointer: "",
        kind: "limit",
        message: `the program is ${big.length} bytes; the limit is 1000000 bytes (maxProgramBytes)`,
      },
    ]);
  });

  it("gives a depth limit error, not a stack overflow, for 100,000-deep nesting", () => {
    const text = "[".repeat(100_000) + "]".repeat(100_000);
    const [error] = checkProgramText(text, { maxProgramBytes: 1_000_000 }).errors;
    expect(error!.kind).toBe("limit");
    expect(error!.message).toBe("the program nests arrays and objects more than 200 deep here (maxJsonDepth is 200)");
    expect(error!.pointer).toBe("/0".repeat(200));
    const formula = '{"not":'.repeat(50_000) + '{"pred":"p","args":[]}' + "}".repeat(50_000);
    const program = `{"sorts":[],"constants":[],"predicates":[],"facts":[${formula}],"rules":[],"verifications":[]}`;
    expect(checkProgramText(program).errors[0]!.message).toMatch(/more than 200 deep here/);
  });

  it("never throws on a cyclic object or a shared sub-object blow-up", () => {
    const cyclic: Record<string, unknown> = { ...clone() };
    cyclic.facts = [cyclic];
    expect(checkProgram(cyclic).errors[0]!.kind).toBe("limit");
    let shared: unknown[] = ["x"];
    for (let i = 0; i < 60; i++) shared = [shared, shared];
    expect(checkProgram({ ...clone(), facts: shared }).errors[0]!.message).toMatch(/more than 1000000 JSON values/);
  });
});
