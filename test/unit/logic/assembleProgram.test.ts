import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assembleProgram, splitSentences, statementAt } from "../../../src-main/core/logic/assembleProgram.js";
import { checkProgram } from "../../../src-main/core/logic/checkProgram.js";
import type { Formula } from "../../../src-main/core/logic/dsl.js";
import type { LogicQuestion } from "../../../src-main/core/logic/prontoqa/generateQuestion.js";
import { programDifferences } from "../../../src-main/core/logic/programDifferences.js";
import { solveProgram } from "../../../src-main/core/logic/solveProgram.js";
import { releaseZ3 } from "../../../src-main/core/logic/z3.js";

const dev = readFileSync(join(import.meta.dirname, "../../../models/data/prontoqa-dev.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as LogicQuestion);

afterAll(releaseZ3);

describe("splitSentences", () => {
  it("splits a question into its sentences and keeps the query last", () => {
    for (const q of dev.slice(0, 50)) expect(splitSentences(q.question)).toEqual([...q.sentences, q.query]);
  });
});

describe("assembleProgram", () => {
  it("assembles a question's statements into a program that states exactly the question and checks", () => {
    for (const q of dev) {
      const { program } = assembleProgram(q.statements.map((s) => s.formula));
      expect(checkProgram(program).errors, q.id).toEqual([]);
      expect(programDifferences(program, q.program), q.id).toEqual([]);
    }
  });

  it("gets the question's answer from Z3 for assembled statements (5 per hop count)", async () => {
    for (let hops = 1; hops <= 5; hops++)
      for (const q of dev.filter((x) => x.hops === hops).slice(0, 5)) {
        const solved = await solveProgram(assembleProgram(q.statements.map((s) => s.formula)).program);
        expect(solved.verdicts[0]?.verdict, q.id).toBe(q.answer ? "true" : "false");
      }
  }, 60_000);

  it("maps an error's pointer back to the statement it came from", () => {
    const q = dev[100] as LogicQuestion;
    const formulas = q.statements.map((s) => JSON.parse(JSON.stringify(s.formula)) as Formula);
    const at = formulas.findIndex(
      (f) => "forall" in f && "implies" in f.body && "pred" in (f.body.implies[1] as object),
    );
    const rule = formulas[at] as Extract<Formula, { forall: unknown }>;
    const body = rule.body as Extract<Formula, { implies: unknown }>;
    (body.implies[1] as { args: string[] }).args = ["y"];
    const { program, origin } = assembleProgram(formulas);
    const checked = checkProgram(program);
    expect(checked.ok).toBe(false);
    const errors = checked.ok ? [] : checked.errors;
    expect(errors.map((e) => statementAt(e.pointer, origin))).toContain(at);
    expect(errors.some((e) => /y is not a constant and not bound/.test(e.message))).toBe(true);
  });

  it("refuses no statements at all", () => {
    expect(() => assembleProgram([])).toThrow(/at least the claim/);
  });
});

describe("claimProblem", () => {
  it("accepts a question ending in its one claim and names what is wrong otherwise", async () => {
    const { claimProblem } = await import("../../../src-main/core/logic/proveQuestion.js");
    expect(claimProblem(splitSentences((dev[0] as LogicQuestion).question))).toBeUndefined();
    expect(claimProblem(["Max is a wumpus.", "Every wumpus is fast."])).toMatch(/no claim to decide/);
    expect(
      claimProblem(["Max is a wumpus.", "True or false: Max is fast.", "True or false: Max is a wumpus."]),
    ).toMatch(/2 "True or false:" claims/);
    expect(claimProblem(["True or false: Max is fast.", "Max is fast."])).toMatch(
      /must be the question's last sentence/,
    );
    expect(claimProblem(["True or false: Max is fast."])).toMatch(/no facts or rules/);
  });
});
