import { afterAll, describe, expect, it } from "vitest";
import type { Program } from "../../../src-main/core/logic/dsl.js";
import { solveProgram } from "../../../src-main/core/logic/solveProgram.js";
import { releaseZ3 } from "../../../src-main/core/logic/z3.js";
import { chain, entityProgram, every, exists, forall, implies, not, pred } from "./programs.js";

afterAll(releaseZ3);

/** Each verification's name and verdict. */
async function verdicts(program: Program): Promise<Record<string, string>> {
  const result = await solveProgram(program);
  expect(result.errors).toEqual([]);
  return Object.fromEntries(result.verdicts.map((v) => [v.name, v.verdict]));
}

describe("solveProgram", () => {
  it("decides a syllogism, with the facts and rules of the proof as its core", async () => {
    const result = await solveProgram(
      entityProgram({
        constants: ["Socrates", "Zeus"],
        predicates: ["man", "mortal", "god"],
        facts: [pred("god", "Zeus"), pred("man", "Socrates")],
        rules: [every("man", "mortal")],
        claims: { mortal: pred("mortal", "Socrates") },
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({
      name: "mortal",
      verdict: "true",
      z3: { status: "unsat", core: ["facts/1", "rules/0"] },
    });
    expect(result.verdicts[0]!.z3.ms).toBeGreaterThanOrEqual(0);
  });

  it("follows a 5-hop ProntoQA chain to true, and through a negated property to false", async () => {
    const result = await solveProgram(chain);
    const byName = Object.fromEntries(result.verdicts.map((v) => [v.name, v]));
    expect(byName.numpus).toMatchObject({
      verdict: "true",
      z3: { status: "unsat", core: ["facts/0", "rules/0", "rules/1", "rules/2", "rules/3", "rules/4"] },
    });
    expect(byName.fast).toMatchObject({
      verdict: "false",
      z3: { status: "unsat", core: ["facts/0", "rules/0", "rules/1", "rules/2", "rules/3", "rules/4", "rules/5"] },
    });
    // "Every tumpus is fast" is a distractor, but with Max not fast it makes Max not a tumpus (modus tollens).
    expect(byName.tumpus).toMatchObject({ verdict: "false" });
    expect(byName.tumpus!.z3.core).toContain("rules/6");
  });

  it("says unknown when neither the claim nor its negation follows, with a countermodel", async () => {
    const result = await solveProgram(
      entityProgram({
        constants: ["Max"],
        predicates: ["wumpus", "sterpus"],
        facts: [pred("wumpus", "Max")],
        claims: { sterpus: pred("sterpus", "Max"), wumpus: pred("wumpus", "Max") },
      }),
    );
    const [sterpus, wumpus] = result.verdicts;
    expect(wumpus!.verdict).toBe("true");
    expect(sterpus).toMatchObject({ name: "sterpus", verdict: "unknown", z3: { status: "sat" } });
    // The countermodel is a world where the facts hold and the claim fails.
    const model = sterpus!.z3.model as Record<string, string>;
    expect(model.entity).toMatch(/Max/);
    expect(model.wumpus).toMatch(/Max/);
    expect(model.sterpus).not.toMatch(/Max/);
  });

  it("writes the countermodel's individuals by the constants that name them, and unnamed ones as sort#k", async () => {
    const result = await solveProgram(
      entityProgram({
        constants: ["Max", "Alex"],
        predicates: ["p", "q"],
        facts: [
          { eq: ["Max", "Alex"] },
          exists([["y", "entity"]], { and: [pred("p", "y"), not({ eq: ["y", "Max"] })] }),
        ],
        claims: { q: pred("q", "Max") },
      }),
    );
    const model = result.verdicts[0]!.z3.model as Record<string, string>;
    expect(model.entity).toMatch(/^\{.*Max=Alex.*\}$/);
    expect(model.p).toMatch(/^\{(.*, )?entity#\d(, .*)?\}$/);
    expect(model.q).not.toMatch(/Max/);
  });

  it("uses a finite sort as exactly these individuals", async () => {
    const people = (sorts: Program["sorts"], constants: Program["constants"]): Program => ({
      sorts,
      constants,
      predicates: [{ name: "tall", args: ["person"] }],
      facts: [pred("tall", "Ann"), pred("tall", "Bob"), pred("tall", "Cid")],
      rules: [],
      verifications: [{ name: "everyone", claim: forall([["p", "person"]], pred("tall", "p")) }],
    });
    const finite = people([{ name: "person", values: ["Ann", "Bob", "Cid"] }], []);
    expect(await verdicts(finite)).toEqual({ everyone: "true" });
    // The same three named people in an open sort: someone else may exist, so "everyone is tall" does not follow.
    const open = people(
      [{ name: "person" }],
      ["Ann", "Bob", "Cid"].map((name) => ({ name, sort: "person" })),
    );
    expect(await verdicts(open)).toEqual({ everyone: "unknown" });
    // Someone is not tall, and it is not Ann or Bob: then it is Cid.
    const who: Program = {
      ...finite,
      facts: [exists([["p", "person"]], not(pred("tall", "p"))), pred("tall", "Ann"), pred("tall", "Bob")],
      verifications: [{ name: "cid", claim: not(pred("tall", "Cid")) }],
    };
    expect(await verdicts(who)).toEqual({ cid: "true" });
  });

  it("reasons with a function into a finite sort", async () => {
    const program: Program = {
      sorts: [{ name: "entity" }, { name: "color", values: ["red", "blue", "green"] }],
      constants: [
        { name: "Max", sort: "entity" },
        { name: "Rex", sort: "entity" },
      ],
      functions: [{ name: "color_of", args: ["entity"], returns: "color" }],
      predicates: [{ name: "bright", args: ["entity"] }],
      facts: [
        { eq: [{ fn: "color_of", args: ["Max"] }, "red"] },
        { not: { eq: [{ fn: "color_of", args: ["Rex"] }, "green"] } },
      ],
      rules: [
        forall([["x", "entity"]], implies({ eq: [{ fn: "color_of", args: ["x"] }, "red"] }, pred("bright", "x"))),
      ],
      verifications: [
        { name: "not_blue", claim: { not: { eq: [{ fn: "color_of", args: ["Max"] }, "blue"] } } },
        { name: "bright", claim: pred("bright", "Max") },
        {
          name: "rex_red_or_blue",
          claim: {
            or: [
              { eq: [{ fn: "color_of", args: ["Rex"] }, "red"] },
              { eq: [{ fn: "color_of", args: ["Rex"] }, "blue"] },
            ],
          },
        },
        { name: "rex_bright", claim: pred("bright", "Rex") },
      ],
    };
    expect(await verdicts(program)).toEqual({
      not_blue: "true",
      bright: "true",
      rex_red_or_blue: "true",
      rex_bright: "unknown",
    });
  });

  it("reasons with existentials", async () => {
    const program = entityProgram({
      constants: ["Max"],
      predicates: ["wumpus", "fast"],
      facts: [exists([["y", "entity"]], pred("wumpus", "y"))],
      rules: [every("wumpus", "fast")],
      claims: { someone_fast: exists([["z", "entity"]], pred("fast", "z")), max_fast: pred("fast", "Max") },
    });
    expect(await verdicts(program)).toEqual({ someone_fast: "true", max_fast: "unknown" });
  });

  it("returns a contradictory knowledge base as a solver error naming the contradicting facts and rules", async () => {
    const result = await solveProgram(
      entityProgram({
        constants: ["Max"],
        predicates: ["wumpus", "yumpus", "fast"],
        facts: [pred("fast", "Max"), pred("wumpus", "Max"), not(pred("yumpus", "Max"))],
        rules: [every("wumpus", "yumpus")],
        claims: { fast: pred("fast", "Max") },
      }),
    );
    expect(result.verdicts).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error).toMatchObject({ kind: "solver", pointer: "/facts/1", core: ["facts/1", "facts/2", "rules/0"] });
    expect(error!.message).toBe(
      "the facts and rules contradict each other (facts/1, facts/2, rules/0), so they would prove every claim; remove or correct one of them",
    );
  });

  it("returns the checker's errors for a program that does not check, without running Z3", async () => {
    const broken = { ...chain, verifications: [] };
    const result = await solveProgram(broken);
    expect(result.verdicts).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual(["the program has no verifications: nothing to decide"]);
  });

  /** "lt is a strict order with no greatest element": only infinite models, which Z3 cannot finish building. */
  const infinite: Program = {
    sorts: [{ name: "n" }],
    constants: [{ name: "zero", sort: "n" }],
    predicates: [
      { name: "lt", args: ["n", "n"] },
      { name: "p", args: ["n"] },
    ],
    facts: [],
    rules: [
      forall([["x", "n"]], exists([["y", "n"]], pred("lt", "x", "y"))),
      forall([["x", "n"]], not(pred("lt", "x", "x"))),
      forall(
        [
          ["x", "n"],
          ["y", "n"],
          ["z", "n"],
        ],
        implies({ and: [pred("lt", "x", "y"), pred("lt", "y", "z")] }, pred("lt", "x", "z")),
      ),
    ],
    verifications: [{ name: "hard", claim: pred("p", "zero") }],
  };

  it("gives unknown, naming the timeout, when Z3 runs out of time", async () => {
    const result = await solveProgram(infinite, { limits: { solverTimeoutMs: 200 } });
    expect(result.errors).toEqual([]);
    expect(result.verdicts[0]).toMatchObject({
      name: "hard",
      verdict: "unknown",
      z3: { status: "unknown", reason: "timeout: Z3 gave up after 200 ms (solverTimeoutMs)" },
    });
    // Three checks (the KB alone, then the claim's negation and the claim), each cut at 200 ms.
    expect(result.ms).toBeLessThan(10_000);
  });

  it("stops when its signal aborts, the undecided verdicts saying canceled", async () => {
    const aborted = new AbortController();
    aborted.abort();
    const before = await solveProgram(chain, { signal: aborted.signal });
    expect(before.verdicts.map((v) => [v.verdict, v.z3.reason])).toEqual([
      ["unknown", "canceled"],
      ["unknown", "canceled"],
      ["unknown", "canceled"],
    ]);
    // Aborted while Z3 works on a check with a minute's time limit: Z3 is interrupted, not waited for.
    const during = new AbortController();
    const solving = solveProgram(infinite, { limits: { solverTimeoutMs: 60_000 }, signal: during.signal });
    setTimeout(() => during.abort(), 100);
    const result = await solving;
    expect(result.verdicts[0]).toMatchObject({ verdict: "unknown", z3: { status: "unknown", reason: "canceled" } });
    expect(result.ms).toBeLessThan(30_000);
  });

  it("names the memory limit when Z3 passes it, and the next solve gets a working Z3", async () => {
    // The pigeonhole principle for 9 pigeons and 8 holes: hard for Z3, and it fills memory while it tries.
    const pigeons: Program = {
      sorts: [
        { name: "pigeon", values: Array.from({ length: 9 }, (_, i) => `p${i}`) },
        { name: "hole", values: Array.from({ length: 8 }, (_, i) => `h${i}`) },
      ],
      constants: [],
      functions: [{ name: "hole_of", args: ["pigeon"], returns: "hole" }],
      predicates: [{ name: "done", args: [] }],
      facts: [],
      rules: [
        forall(
          [
            ["x", "pigeon"],
            ["y", "pigeon"],
          ],
          implies(
            {
              eq: [
                { fn: "hole_of", args: ["x"] },
                { fn: "hole_of", args: ["y"] },
              ],
            },
            { eq: ["x", "y"] },
          ),
        ),
      ],
      verifications: [{ name: "done", claim: pred("done") }],
    };
    const result = await solveProgram(pigeons, { limits: { solverMemoryMb: 8, solverTimeoutMs: 20_000 } });
    expect(result.verdicts).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0], result.errors[0]?.message).toMatchObject({ kind: "limit", pointer: "" });
    expect(result.errors[0]!.message).toMatch(
      /^Z3 stopped \(.+\) on passing its memory limit of 8 MB \(solverMemoryMb\); it has been restarted$/,
    );
    expect(await verdicts(chain)).toEqual({ numpus: "true", fast: "false", tumpus: "false" });
  });

  it("solves programs given at once in turn, each with its own verdicts", async () => {
    const [a, b, c] = await Promise.all([
      solveProgram(chain),
      solveProgram(entityProgram({ constants: ["Max"], predicates: ["p"], claims: { q: pred("p", "Max") } })),
      solveProgram(
        entityProgram({
          constants: ["Max"],
          predicates: ["p"],
          facts: [pred("p", "Max")],
          claims: { q: pred("p", "Max") },
        }),
      ),
    ]);
    expect(a!.verdicts.map((v) => v.verdict)).toEqual(["true", "false", "false"]);
    expect(b!.verdicts.map((v) => v.verdict)).toEqual(["unknown"]);
    expect(c!.verdicts.map((v) => v.verdict)).toEqual(["true"]);
  });

  it("solves a hundred programs in a row (one shared Z3 context: z3-solver never frees a context)", async () => {
    // A context per solve failed with "memory access out of bounds" after about fifty solves.
    const small = entityProgram({
      constants: ["Max"],
      predicates: ["p"],
      facts: [pred("p", "Max")],
      claims: { q: pred("p", "Max") },
    });
    for (let i = 0; i < 100; i++) {
      const result = await solveProgram(i % 10 === 0 ? COLORS : small);
      expect(result.errors, `solve ${i}`).toEqual([]);
      expect(result.verdicts.map((v) => v.verdict)).toEqual(i % 10 === 0 ? ["true", "false"] : ["true"]);
    }
  });

  it("keeps programs apart: the same names with other signatures in the next solve", async () => {
    const first = entityProgram({
      constants: ["Max"],
      predicates: ["p"],
      facts: [pred("p", "Max")],
      claims: { q: pred("p", "Max") },
    });
    const second: Program = {
      sorts: [{ name: "entity" }, { name: "thing" }],
      constants: [{ name: "Max", sort: "thing" }],
      predicates: [{ name: "p", args: ["thing", "thing"] }],
      facts: [],
      rules: [],
      verifications: [{ name: "q", claim: pred("p", "Max", "Max") }],
    };
    expect(await verdicts(first)).toEqual({ q: "true" });
    expect(await verdicts(second)).toEqual({ q: "unknown" });
  });
});

/** A finite sort whose name other programs use with other values: each solve sees only its own. */
const COLORS: Program = {
  sorts: [{ name: "color", values: ["green", "red"] }],
  constants: [],
  predicates: [],
  facts: [],
  rules: [],
  verifications: [
    { name: "two", claim: forall([["c", "color"]], { or: [{ eq: ["c", "green"] }, { eq: ["c", "red"] }] }) },
    { name: "one", claim: forall([["c", "color"]], { eq: ["c", "green"] }) },
  ],
};
