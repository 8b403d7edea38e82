import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkProgram } from "../../../src-main/core/logic/checkProgram.js";
import type { Formula, Program } from "../../../src-main/core/logic/dsl.js";
import { generateQuestion, type LogicQuestion } from "../../../src-main/core/logic/prontoqa/generateQuestion.js";
import { buildProntoqaSplit, PRONTOQA_SPLITS } from "../../../src-main/core/logic/prontoqa/prontoqaSplits.js";
import { programDifferences } from "../../../src-main/core/logic/programDifferences.js";
import { solveProgram } from "../../../src-main/core/logic/solveProgram.js";
import { releaseZ3 } from "../../../src-main/core/logic/z3.js";

const root = join(import.meta.dirname, "../../..");
const readSplit = (name: string): LogicQuestion[] =>
  readFileSync(join(root, "models/data", `prontoqa-${name}.jsonl`), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LogicQuestion);

afterAll(releaseZ3);

describe("ProntoQA-style generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateQuestion(42, "a", { hops: 3 });
    expect(generateQuestion(42, "a", { hops: 3 })).toEqual(a);
    expect(generateQuestion(43, "a", { hops: 3 }).question).not.toBe(a.question);
  });

  it("refuses hop counts outside 1–5", () => {
    expect(() => generateQuestion(1, "x", { hops: 0 })).toThrow(/hops must be an integer 1–5, got 0/);
    expect(() => generateQuestion(1, "x", { hops: 6 })).toThrow(RangeError);
  });

  it("states the chain: a question with h hops has the individual's fact and h rules on its path", () => {
    for (let hops = 1; hops <= 5; hops++) {
      const q = generateQuestion(1000 + hops, "x", { hops });
      // The rule count is at least the path (h rules) plus one distractor about the target property.
      expect(q.program.rules.length).toBeGreaterThanOrEqual(hops + 1);
      expect(q.sentences.length).toBe(q.program.rules.length + q.program.facts.length);
      expect(q.question.endsWith(q.query)).toBe(true);
      expect(q.query).toMatch(/^True or false: [A-Z][a-z]+ is (not )?[a-z]+\.$/);
    }
  });

  it("writes the committed splits exactly as the generator builds them", () => {
    for (const name of ["dev", "test"] as const) {
      const built = buildProntoqaSplit(name);
      expect(readSplit(name)).toEqual(JSON.parse(JSON.stringify(built)));
      expect(built).toHaveLength(PRONTOQA_SPLITS[name].perHop * 5);
    }
  });

  it("keeps the splits apart: no dev or test question text in the other split or in the train seeds' first 2,000", () => {
    const test = new Set(readSplit("test").map((q) => q.question));
    const dev = readSplit("dev").map((q) => q.question);
    expect(dev.filter((q) => test.has(q))).toEqual([]);
    const heldOut = new Set([...test, ...dev]);
    const train = buildProntoqaSplit("train", heldOut).slice(0, 2000);
    expect(train.filter((q) => heldOut.has(q.question))).toEqual([]);
  });

  it("has both answers at every hop count in the test split", () => {
    const test = readSplit("test");
    for (let hops = 1; hops <= 5; hops++) {
      const group = test.filter((q) => q.hops === hops);
      const trues = group.filter((q) => q.answer).length;
      expect(trues).toBeGreaterThan(group.length * 0.3);
      expect(trues).toBeLessThan(group.length * 0.7);
    }
  });
});

describe("the question's own program", () => {
  it("passes the checker for every dev and test question", () => {
    for (const q of [...readSplit("dev"), ...readSplit("test")]) {
      const checked = checkProgram(q.program);
      expect(checked.errors, q.id).toEqual([]);
    }
  });

  it("gets the question's answer from Z3 (20 test questions per hop count)", async () => {
    const test = readSplit("test");
    for (let hops = 1; hops <= 5; hops++) {
      for (const q of test.filter((x) => x.hops === hops).slice(0, 20)) {
        const solved = await solveProgram(q.program);
        expect(solved.errors, q.id).toEqual([]);
        expect(solved.verdicts[0]?.verdict, q.id).toBe(q.answer ? "true" : "false");
        // The proof uses the individual's fact and exactly the h rules of the chain.
        expect(
          solved.verdicts[0]?.z3.core?.filter((label) => label.startsWith("rules/")),
          q.id,
        ).toHaveLength(hops);
      }
    }
  }, 120_000);
});

describe("programDifferences", () => {
  const q = generateQuestion(7, "x", { hops: 3 });

  it("finds none between a program and itself reordered, with its variables renamed", () => {
    const renamed = JSON.parse(JSON.stringify(q.program).replaceAll('"x"', '"y"')) as Program;
    const reordered: Program = { ...renamed, rules: [...renamed.rules].reverse(), facts: [...renamed.facts].reverse() };
    expect(programDifferences(reordered, q.program)).toEqual([]);
  });

  it("names a flipped rule and a wrong claim", () => {
    const rules = [...q.program.rules];
    const first = rules[0] as Extract<Formula, { forall: unknown }>;
    const body = first.body as Extract<Formula, { implies: unknown }>;
    const flipped: Formula = { ...first, body: { implies: [body.implies[0], { not: body.implies[1] }] } };
    rules[0] = flipped;
    const claim = q.program.verifications[0]?.claim as Formula;
    const wrong: Program = { ...q.program, rules, verifications: [{ name: "claim", claim: { not: claim } }] };
    const differences = programDifferences(wrong, q.program);
    expect(differences).toHaveLength(4);
    expect(differences.filter((d) => d.startsWith("missing rule: ∀x"))).toHaveLength(1);
    expect(
      differences.filter((d) => d.startsWith("rule not in the question: ∀x") && d.includes("¬¬") === false),
    ).toHaveLength(1);
    expect(differences.some((d) => d.startsWith("claim not in the question: ¬"))).toBe(true);
  });
});
