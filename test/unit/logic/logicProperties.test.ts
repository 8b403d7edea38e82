import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkProgram, checkProgramText } from "../../../src-main/core/logic/checkProgram.js";
import type { Formula, Program, Term } from "../../../src-main/core/logic/dsl.js";
import type { ProgramError } from "../../../src-main/core/logic/ProgramError.js";
import { solveProgram } from "../../../src-main/core/logic/solveProgram.js";
import { toFirstOrderLogic } from "../../../src-main/core/logic/toFirstOrderLogic.js";
import { releaseZ3 } from "../../../src-main/core/logic/z3.js";

afterAll(releaseZ3);

/** The node a JSON Pointer names in `value`, or `missing` when it names none (RFC 6901). */
const missing = Symbol("missing");
function resolve(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let node = value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node) && /^\d+$/.test(key) && Number(key) < node.length) node = node[Number(key)];
    else if (node !== null && typeof node === "object" && !Array.isArray(node) && Object.hasOwn(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else return missing;
  }
  return node;
}

/** Every error is well formed and points at a node of the input. */
function expectWellFormed(value: unknown, errors: ProgramError[]): void {
  for (const error of errors) {
    expect(["json", "schema", "type", "limit", "solver"]).toContain(error.kind);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/undefined|\[object Object\]/);
    expect(resolve(value, error.pointer), `${error.pointer}: ${error.message}`).not.toBe(missing);
  }
}

/** The signature random programs are written over: one open sort, one finite sort, predicates of fixed arity. */
const SORTS: Program["sorts"] = [{ name: "s" }, { name: "color", values: ["red", "blue"] }];
const CONSTANTS: Program["constants"] = [
  { name: "a", sort: "s" },
  { name: "b", sort: "s" },
  { name: "c", sort: "s" },
];
const PREDICATES: Program["predicates"] = [
  { name: "on", args: [] },
  { name: "p", args: ["s"] },
  { name: "q", args: ["s"] },
  { name: "r", args: ["s", "s"] },
  { name: "hue", args: ["s", "color"] },
];
const FUNCTIONS: NonNullable<Program["functions"]> = [{ name: "f", args: ["s"], returns: "s" }];
const INDIVIDUALS: Record<string, string[]> = { s: ["a", "b", "c"], color: ["red", "blue"] };

type Scope = [string, string][];

/** A well-typed term of `sort` over the constants and the variables in scope. */
function termArb(sort: string, scope: Scope, depth: number): fc.Arbitrary<Term> {
  const names = [...INDIVIDUALS[sort]!, ...scope.filter(([, s]) => s === sort).map(([n]) => n)];
  const name = fc.constantFrom(...names);
  if (sort !== "s" || depth <= 0) return name;
  return fc.oneof(
    { weight: 3, arbitrary: name },
    { weight: 1, arbitrary: termArb("s", scope, depth - 1).map((t): Term => ({ fn: "f", args: [t] })) },
  );
}

/** A well-typed formula, closed under `scope`; quantified variables are named v0, v1, … by depth. */
function formulaArb(scope: Scope, depth: number): fc.Arbitrary<Formula> {
  const atom = fc
    .constantFrom(...PREDICATES)
    .chain((p) =>
      fc.tuple(...p.args.map((sort) => termArb(sort, scope, 1))).map((args): Formula => ({ pred: p.name, args })),
    );
  const eq = fc
    .constantFrom("s", "color")
    .chain((sort) => fc.tuple(termArb(sort, scope, 1), termArb(sort, scope, 1)))
    .map(([x, y]): Formula => ({ eq: [x, y] }));
  if (depth <= 0) return fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: eq });
  const sub = (): fc.Arbitrary<Formula> => formulaArb(scope, depth - 1);
  const quantified = fc
    .tuple(fc.constantFrom("forall", "exists"), fc.constantFrom("s", "color"))
    .chain(([kind, sort]) => {
      const name = `v${scope.length}`;
      return formulaArb([...scope, [name, sort]], depth - 1).map((body): Formula =>
        kind === "forall" ? { forall: [{ name, sort }], body } : { exists: [{ name, sort }], body },
      );
    });
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: eq },
    { weight: 1, arbitrary: sub().map((f): Formula => ({ not: f })) },
    { weight: 1, arbitrary: fc.array(sub(), { minLength: 1, maxLength: 3 }).map((fs): Formula => ({ and: fs })) },
    { weight: 1, arbitrary: fc.array(sub(), { minLength: 1, maxLength: 3 }).map((fs): Formula => ({ or: fs })) },
    { weight: 1, arbitrary: fc.tuple(sub(), sub()).map((pair): Formula => ({ implies: pair })) },
    { weight: 2, arbitrary: quantified },
  );
}

/** A well-typed program over the fixed signature, with random facts, rules and claims. */
const programArb = (depth: number, maxFormulas: number): fc.Arbitrary<Program> =>
  fc
    .record({
      facts: fc.array(formulaArb([], depth), { maxLength: maxFormulas }),
      rules: fc.array(formulaArb([], depth), { maxLength: maxFormulas }),
      claims: fc.array(formulaArb([], depth), { minLength: 1, maxLength: 2 }),
    })
    .map(({ facts, rules, claims }) => ({
      sorts: structuredClone(SORTS),
      constants: structuredClone(CONSTANTS),
      functions: structuredClone(FUNCTIONS),
      predicates: structuredClone(PREDICATES),
      facts,
      rules,
      verifications: claims.map((claim, i) => ({ name: `claim${i}`, claim })),
    }));

/** Every path to an array item or object value in `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

/** The parent of a path's node and its key there. */
function parentOf(root: unknown, path: (string | number)[]): [Record<string | number, unknown>, string | number] {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return [node, path[path.length - 1]!];
}

/** A valid program with one random change: a key deleted, a node replaced by random JSON, or a node nested deep. */
const mutatedArb = programArb(3, 3).chain((program) => {
  const all = paths(program);
  return fc
    .tuple(
      fc.constantFrom(...all),
      fc.constantFrom("delete", "replace", "nest"),
      fc.jsonValue({ maxDepth: 3 }),
      fc.integer({ min: 1, max: 400 }),
    )
    .map(([path, kind, json, depth]) => {
      const copy = structuredClone(program) as unknown;
      const [parent, key] = parentOf(copy, path);
      if (kind === "delete") {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
      } else if (kind === "replace") parent[key] = json;
      else {
        let nested: unknown = parent[key];
        for (let i = 0; i < depth; i++) nested = i % 2 === 0 ? { not: nested } : [nested];
        parent[key] = nested;
      }
      return copy;
    });
});

/** The paths of every pred node in the program's formulas. */
function predPaths(program: Program): (string | number)[][] {
  return paths(program).filter((path) => path[path.length - 1] === "pred" && path[0] !== "predicates");
}

describe("checker properties", () => {
  it("accepts every well-typed program the generator writes, and renders it", () => {
    fc.assert(
      fc.property(programArb(4, 4), (program) => {
        const result = checkProgram(program);
        expect(result.errors).toEqual([]);
        const fol = toFirstOrderLogic(program);
        expect(fol.facts.length + fol.rules.length).toBe(program.facts.length + program.rules.length);
        for (const line of [...fol.facts, ...fol.rules, ...fol.verifications]) expect(line.text).not.toContain("?");
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on a mutated program, and every error points into it", () => {
    let rejected = 0;
    fc.assert(
      fc.property(mutatedArb, (value) => {
        const result = checkProgram(value);
        expectWellFormed(value, result.errors);
        if (result.ok) expect(result.program).toBe(value);
        else rejected++;
      }),
      { numRuns: 400 },
    );
    // Most mutations break the program: the property above is about errors, not about vacuous passes.
    expect(rejected).toBeGreaterThan(200);
  });

  it("names a renamed predicate where it is used", () => {
    fc.assert(
      fc.property(
        programArb(2, 3).filter((p) => predPaths(p).length > 0),
        fc.nat(),
        (program, pick) => {
          const uses = predPaths(program);
          const path = uses[pick % uses.length]!;
          const [parent, key] = parentOf(program, path);
          parent[key] = "renamed_predicate";
          const result = checkProgram(program);
          expect(result.ok).toBe(false);
          const pointer = "/" + path.join("/");
          const error = result.errors.find((e) => e.pointer === pointer);
          expect(error?.message).toMatch(/^unknown predicate renamed_predicate; declared: on, p, q, r, hue$/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names an extra argument as an arity mismatch at the formula", () => {
    fc.assert(
      fc.property(
        programArb(2, 3).filter((p) => predPaths(p).length > 0),
        fc.nat(),
        (program, pick) => {
          const uses = predPaths(program);
          const path = uses[pick % uses.length]!;
          const [node] = parentOf(program, path) as unknown as [{ pred: string; args: Term[] }];
          node.args.push("a");
          const arity = PREDICATES.find((p) => p.name === node.pred)!.args.length;
          const result = checkProgram(program);
          const pointer = "/" + path.slice(0, -1).join("/");
          expect(result.errors.map((e) => `${e.pointer}: ${e.message}`)).toContain(
            `${pointer}: predicate ${node.pred} expects ${arity} argument${arity === 1 ? "" : "s"}, got ${arity + 1}`,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws on random JSON values or random text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = checkProgram(value);
        expect(result.ok).toBe(false);
        expectWellFormed(value, result.errors);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = checkProgramText(text);
        expect(result.ok).toBe(false);
        for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on any value, including deep nesting of formulas", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (value) => {
        expectWellFormed(value, checkProgram(value).errors);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), (depth) => {
        // Written as text: JSON.stringify itself recurses and would overflow on the deepest of these.
        const formula = '{"not":'.repeat(depth) + '{"pred":"p","args":["a"]}' + "}".repeat(depth);
        const text = JSON.stringify(CHECKED).replace('"facts":[]', `"facts":[${formula}]`);
        const result = checkProgramText(text);
        // The pred's args list sits at JSON depth depth + 3 (program, facts, the nots, the pred).
        if (depth + 3 >= 200) expect(result.errors[0]!.kind).toBe("limit");
        else expect(result.errors).toEqual([]);
        expectWellFormed(JSON.parse(text), result.errors);
      }),
      { numRuns: 60 },
    );
  });
});

/** A small program that checks, for the nesting property. */
const CHECKED: Program = {
  sorts: SORTS,
  constants: CONSTANTS,
  functions: FUNCTIONS,
  predicates: PREDICATES,
  facts: [],
  rules: [],
  verifications: [{ name: "q", claim: { pred: "p", args: ["a"] } }],
};

describe("solver properties", () => {
  it("never throws on a program that checks, and a claim and its negation get opposite verdicts", async () => {
    const decided = { true: 0, false: 0, unknown: 0 };
    await fc.assert(
      fc.asyncProperty(programArb(2, 3), async (program) => {
        const withNegations: Program = {
          ...program,
          verifications: program.verifications.flatMap((v) => [v, { name: `not_${v.name}`, claim: { not: v.claim } }]),
        };
        const result = await solveProgram(withNegations, { limits: { solverTimeoutMs: 500 } });
        expectWellFormed(withNegations, result.errors);
        if (result.errors.length > 0) {
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]!.kind).toBe("solver");
          expect(result.verdicts).toEqual([]);
          return;
        }
        expect(result.verdicts).toHaveLength(withNegations.verifications.length);
        const opposite = { true: "false", false: "true", unknown: "unknown" } as const;
        for (let i = 0; i < result.verdicts.length; i += 2) {
          const [claim, negation] = [result.verdicts[i]!, result.verdicts[i + 1]!];
          if (claim.z3.status === "unknown" || negation.z3.status === "unknown") continue; // a timeout decides nothing
          expect(negation.verdict).toBe(opposite[claim.verdict]);
          decided[claim.verdict]++;
          for (const label of claim.z3.core ?? []) expect(resolve(withNegations, `/${label}`)).not.toBe(missing);
        }
      }),
      { numRuns: 25 },
    );
    // The random programs reach every verdict, so the pairing above was tested on each.
    expect(decided.true + decided.false).toBeGreaterThan(0);
    expect(decided.unknown).toBeGreaterThan(0);
  });
});
