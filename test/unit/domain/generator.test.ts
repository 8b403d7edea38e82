import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answersMatch } from "../../../src-main/core/domain/answerChecker.js";
import { buildSplits, SEED_EXAMPLES, SPLIT_NAMES } from "../../../src-main/core/domain/buildSplits.js";
import { parse, render } from "../../../src-main/core/domain/families/multiStepArithmetic.js";
import { generateProblem } from "../../../src-main/core/domain/generateProblem.js";
import { DIFFICULTIES, FAMILIES } from "../../../src-main/core/domain/Problem.js";
import { firstWrongStep } from "../../../src-main/core/domain/stepChecker.js";

const dataDir = join(import.meta.dirname, "../../../models/data");
const readSplit = (name: string) =>
  readFileSync(join(dataDir, `${name}.jsonl`), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { problem: string; answer: string; solution: string });

describe("step-math generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    for (const family of FAMILIES) {
      for (const d of DIFFICULTIES) {
        expect(generateProblem("a", 42, family, d)).toEqual(generateProblem("a", 42, family, d));
      }
      const texts = new Set(Array.from({ length: 20 }, (_, s) => generateProblem("a", s, family, 2).problem));
      expect(texts.size).toBeGreaterThan(15);
    }
  });

  it("expresses the seeds' own examples verbatim with the right answers", () => {
    const [sequence, linear] = SEED_EXAMPLES;
    expect(sequence?.problem).toBe("What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?");
    expect(sequence?.answer).toBe("402");
    expect(linear?.problem).toBe("Solve for x: 2x + 3 = 7");
    expect(linear?.answer).toBe("2");
    expect(linear?.solution.split("\n")).toEqual([
      "Step 1: Subtract 3 from both sides: 2x = 7 - 3 = 4.",
      "Step 2: Divide both sides by 2: x = 4 / 2 = 2.",
      "Answer: 2",
    ]);
  });

  it("writes canonical solutions whose arithmetic checks out and whose Answer line is the answer", () => {
    for (const family of FAMILIES) {
      for (const d of DIFFICULTIES) {
        for (let seed = 0; seed < 200; seed++) {
          const p = generateProblem("x", seed, family, d);
          const lines = p.solution.split("\n");
          expect(lines.slice(0, -1).every((l, i) => l.startsWith(`Step ${i + 1}: `))).toBe(true);
          expect(firstWrongStep(lines)).toBe(-1);
          expect(answersMatch(lines.at(-1)?.replace("Answer: ", "") ?? "", p.answer)).toBe(true);
          expect(Number.isInteger(Number(p.answer))).toBe(true);
        }
      }
    }
  });

  it("solves multi-step arithmetic in the order the text states, so one text has one step order", () => {
    // "a + (b - c)" renders without its parentheses; its solution must still start with a + b.
    const written = parse("5 + 26 - 4 - (12 - 17)");
    expect(render(written)).toBe("5 + 26 - 4 - (12 - 17)");
    expect(written).toMatchObject({ op: "-", left: { op: "-", left: { op: "+" } }, right: { op: "-" } });
    expect(parse("7 - 9 * (15 + 25) / 9")).toMatchObject({ op: "-", right: { op: "/", left: { op: "*" } } });

    // Texts of the same shape ("n - n - (n + n + n)") must start at the same operation.
    const startsByShape = new Map<string, Set<number>>();
    for (let seed = 0; seed < 3000; seed++) {
      const p = generateProblem("x", seed, "multi-step-arithmetic", 3);
      const expression = p.problem.slice("Compute ".length, -1);
      expect(render(parse(expression))).toBe(expression);
      const first = p.solution.split("\n")[0]?.replace(/^Step 1: | = .*$/g, "") ?? "";
      const shape = expression.replace(/\d+/g, "n");
      const start = expression.slice(0, expression.indexOf(first)).replace(/\d+/g, "n").length;
      startsByShape.set(shape, (startsByShape.get(shape) ?? new Set()).add(start));
    }
    // The few whose written order breaks the family's limits (a product of two numbers above 9) keep the
    // generated order.
    const inconsistent = [...startsByShape.values()].filter((starts) => starts.size > 1);
    expect(inconsistent.length).toBeLessThan(startsByShape.size * 0.05);
  });
});

describe("fixed splits in models/data", () => {
  const files = Object.fromEntries(SPLIT_NAMES.map((n) => [n, readSplit(n)]));

  it("are exactly what the generator produces (one source of truth)", () => {
    const built = buildSplits();
    for (const name of SPLIT_NAMES) {
      expect(files[name]?.length).toBe(built[name].length);
      expect(files[name]?.slice(0, 50)).toEqual(built[name].slice(0, 50));
      expect(files[name]?.at(-1)).toEqual(built[name].at(-1));
    }
  });

  it("hold at least 500 test problems covering every family and difficulty", () => {
    const test = files.test ?? [];
    expect(test.length).toBeGreaterThanOrEqual(500);
    const cells = new Set(
      test.map(
        (p) => `${(p as unknown as { family: string }).family}/${(p as unknown as { difficulty: number }).difficulty}`,
      ),
    );
    expect(cells.size).toBe(FAMILIES.length * DIFFICULTIES.length);
  });

  it("never show a test or dev problem, or a seed example, in train", () => {
    const train = new Set((files.train ?? []).map((p) => p.problem));
    const leaked = [...(files.test ?? []), ...(files.dev ?? []), ...SEED_EXAMPLES].filter((p) => train.has(p.problem));
    expect(leaked).toEqual([]);
    expect(train.size).toBe(files.train?.length);
  });
});
