import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Problem } from "../../../src-main/core/domain/Problem.js";
import {
  loadProblemSet,
  ProblemSetError,
  type ProblemSetWarning,
} from "../../../src-main/core/domain/loadProblemSet.js";
import { planSweep } from "../../../src-main/core/experiments/planSweep.js";
import { prepareSweep } from "../../../src-main/core/experiments/prepareSweep.js";
import { sweepToDir } from "../../../src-main/core/experiments/sweepToDir.js";
import { SearchOptionError } from "../../../src-main/core/search/SearchOptionError.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";

const BOM = "\uFEFF";
const problem = (id: string, answer = "42"): Problem => ({
  id,
  family: "linear-equation",
  difficulty: 1,
  problem: `Problem ${id}`,
  answer,
  solution: `Answer: ${answer}`,
});
const jsonl = (...problems: Problem[]) => problems.map((p) => JSON.stringify(p) + "\n").join("");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-problem-sets-"));
});
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const errorOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
};

describe("loadProblemSet", () => {
  it("accepts a UTF-8 byte-order mark, and CRLF line ends", () => {
    const set = file("bom.jsonl", BOM + jsonl(problem("a"), problem("b")).replaceAll("\n", "\r\n"));
    expect(loadProblemSet(set).map((p) => p.id)).toEqual(["a", "b"]);
  });

  it("needs only id, problem and answer (a number is read as its text); the rest is optional", () => {
    const set = file(
      "own.jsonl",
      '{"id":"p1","problem":"What is 12% of 100?","answer":"12%"}\n{"id":2,"problem":"1+1?","answer":2}\n',
    );
    expect(loadProblemSet(set)).toEqual([
      { id: "p1", problem: "What is 12% of 100?", answer: "12%", solution: "" },
      { id: "2", problem: "1+1?", answer: "2", solution: "" },
    ]);
  });

  it("names every field at fault on a line at once, and a line that is not an object as such", () => {
    const missing = file("missing.jsonl", '{"id":"a","family":"poetry"}\n');
    expect((errorOf(() => loadProblemSet(missing)) as Error).message).toBe(
      `${missing}:1: field "family": Invalid option: expected one of "arithmetic-sequence"|"linear-equation"|"multi-step-arithmetic"|"word-problem"; ` +
        'field "problem" is required (text); field "answer" is required (text or number)',
    );
    const noId = file("no-id.jsonl", '{"problem":"1+1?","answer":"2"}\n{"id":true,"problem":"","answer":"2"}\n');
    expect((errorOf(() => loadProblemSet(noId)) as Error).message).toBe(
      `${noId}:1: field "id" is required (text or number)`,
    );
    const wrong = file("wrong.jsonl", '{"id":true,"problem":"","answer":"2"}\n');
    expect((errorOf(() => loadProblemSet(wrong)) as Error).message).toBe(
      `${wrong}:1: field "id" must be text or number, got true; field "problem" is empty; it is required (text)`,
    );
    const array = file("array.jsonl", '["a","b"]\n');
    expect((errorOf(() => loadProblemSet(array)) as Error).message).toMatch(/array\.jsonl:1: not a JSON object/);
  });

  it("refuses an id used twice, naming the file, the line and the first line", () => {
    const set = file("dup.jsonl", jsonl(problem("a"), problem("b")) + "\n" + jsonl(problem("a", "7")));
    const e = errorOf(() => loadProblemSet(set));
    expect(e).toBeInstanceOf(ProblemSetError);
    expect(e).toMatchObject({ file: set, line: 4 });
    expect((e as Error).message).toBe(`${set}:4: field "id": "a" is already the id of line 1; ids must be unique`);
  });

  it.each([
    ["an empty file", ""],
    ["only blank lines", "\n  \n\n"],
    ["only a byte-order mark", BOM],
  ])("refuses a set with no problems: %s", (_name, text) => {
    const set = file("empty.jsonl", text);
    const e = errorOf(() => loadProblemSet(set));
    expect(e).toBeInstanceOf(ProblemSetError);
    expect((e as Error).message).toBe(`${set}: holds no problems: the file is empty or has only blank lines`);
  });

  it("warns about each reference answer the checker cannot read, naming file, line and value", () => {
    const set = file("refs.jsonl", jsonl(problem("a", "12%"), problem("b", "twelve"), problem("c", "\\frac{1}{2}")));
    const warnings: ProblemSetWarning[] = [];
    const problems = loadProblemSet(set, { onWarning: (w) => warnings.push(w) });
    expect(problems).toHaveLength(3); // loaded all the same
    expect(warnings).toEqual([
      {
        file: set,
        line: 2,
        id: "b",
        value: "twelve",
        message:
          `${set}:2: field "answer": the answer checker cannot read "twelve" as a number or expression; ` +
          "only that exact text will be graded correct",
      },
    ]);
  });

  it("names a missing file", () => {
    const set = join(dir, "absent.jsonl");
    expect((errorOf(() => loadProblemSet(set)) as Error).message).toBe(`${set}: file not found`);
  });
});

describe("a sweep over problems", () => {
  it("planSweep refuses repeated ids and an empty list (every caller, not only loadProblemSet's)", () => {
    const plan = (problems: Problem[]) => () =>
      planSweep({ problems, strategies: ["greedy"], budgets: [1], policies: ["p"] });
    expect(errorOf(plan([problem("a"), problem("b"), problem("a")]))).toMatchObject({
      field: "problems",
      problem: 'two problems have the id "a"; ids must be unique',
    });
    expect(errorOf(plan([]))).toBeInstanceOf(SearchOptionError);
    expect(plan([problem("a"), problem("b")])()).toHaveLength(6);
  });

  it("with no problems is neither run nor saved", async () => {
    const store = RunStore.open({ file: join(dir, "runs.db") });
    try {
      const outDir = join(dir, "out");
      const config = {
        set: "x.jsonl",
        problemFile: join(dir, "x.jsonl"),
        limit: null,
        strategies: ["greedy" as const],
        budgets: [1],
        policies: [{ name: "p", profile: "/p.profile.json" }],
        prm: "/r.profile.json",
        seed: 0,
        caps: {},
      };
      const unused = () => Promise.reject(new Error("no model should load"));
      const engines = { openPolicy: unused, openScorer: unused };
      const run = sweepToDir({ config, problems: [], outDir, store, engines });
      await expect(run).rejects.toBeInstanceOf(SearchOptionError);
      expect(store.listRuns()).toEqual([]);
      expect(existsSync(outDir)).toBe(false);
    } finally {
      store.close();
    }
  });

  it("prepareSweep hands the set's warnings on, only for the problems it will run", async () => {
    const set = file("w.jsonl", jsonl(problem("a"), problem("b", "lots"), problem("c", "many")));
    // prepareSweep fingerprints each model: a profile and an (empty) model file are enough.
    writeFileSync(join(dir, "r.onnx"), "");
    const tokenizer = { format: "gguf", path: "r.onnx" };
    const prm = file(
      "r.profile.json",
      JSON.stringify({ kind: "prm", model: "r.onnx", prompt: "{problem}", tokenizer }),
    );
    const resolveModel = async (ref: string) => ({ profile: ref, name: "r", inferred: false });
    const setup = { set, strategies: [], budgets: [1], policies: [], prm, seed: 0, caps: {} };
    const all = await prepareSweep(setup, resolveModel);
    expect(all.warnings.map((w) => [w.line, w.value])).toEqual([
      [2, "lots"],
      [3, "many"],
    ]);
    const limited = await prepareSweep({ ...setup, limit: 2 }, resolveModel);
    expect(limited.warnings.map((w) => w.value)).toEqual(["lots"]);
  });
});
