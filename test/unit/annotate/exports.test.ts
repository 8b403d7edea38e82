import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { zeroAnnotationCost, type AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import { exportRows, ExportOptionError, toJsonl } from "../../../src-main/core/annotate/exports/exportRows.js";
import {
  EXPORT_FORMATS,
  exportSchemas,
  type ExportFormat,
} from "../../../src-main/core/annotate/exports/exportSchemas.js";
import { knownHardLabels } from "../../../src-main/core/annotate/exports/knownHardLabels.js";
import { policyPrompt } from "../../../src-main/core/annotate/exports/PolicyPrompt.js";
import { ExportFileError, parseExport, readExport } from "../../../src-main/core/annotate/exports/readExport.js";

const policy = policyPrompt({ prompt: "Problem: {problem}\n", stepDelimiter: "\n" });
const problem = "What is 2 + 3 * 4?";

/** A hand-made solution of `problem`: its steps and hard labels (soft = hard where known). */
function solution(
  steps: string[],
  hard: (0 | 1 | null)[],
  overrides: Partial<AnnotatedSolution> = {},
): AnnotatedSolution {
  const answerLine = steps.at(-1) ?? "";
  const answer = answerLine.startsWith("Answer: ") ? answerLine.slice(8) : null;
  return {
    problemId: "dev-00007",
    problem,
    reference: "14",
    steps,
    answer,
    correct: answer === "14",
    method: "mc",
    soft: hard.map((h) => h),
    hard,
    rolloutsPerStep: hard.map((h) => (h === null ? 0 : 8)),
    firstError: hard.indexOf(0) < 0 ? null : hard.indexOf(0),
    cost: { ...zeroAnnotationCost(), rollouts: 8 * hard.filter((h) => h !== null).length },
    ...overrides,
  };
}

const right = solution(["Step 1: 3 * 4 = 12.", "Step 2: 2 + 12 = 14.", "Answer: 14"], [1, 1, 1]);
const wrong = solution(["Step 1: 2 + 3 = 5.", "Step 2: 5 * 4 = 20.", "Answer: 20"], [0, 0, 0]);
const lateError = solution(["Step 1: 3 * 4 = 12.", "Step 2: 2 + 12 = 15.", "Answer: 15"], [1, 0, 0]);

/** Writes rows to a real file and reads them back through the format's schema. */
function roundTrip<F extends ExportFormat>(format: F, solutions: AnnotatedSolution[]) {
  const { rows } = exportRows(format, solutions, policy);
  const file = join(mkdtempSync(join(tmpdir(), "mull-export-")), `${format}.jsonl`);
  writeFileSync(file, toJsonl(rows));
  const back = readExport(file, format);
  expect(back).toEqual(rows);
  return back;
}

describe("export formats, written from hand-made annotated solutions and read back by their schemas", () => {
  it("trl-prm: the problem, the steps up to the first wrong one, and booleans", () => {
    const rows = roundTrip("trl-prm", [right, lateError, wrong]);
    expect(rows).toEqual([
      { prompt: problem, completions: right.steps, labels: [true, true, true] },
      { prompt: problem, completions: ["Step 1: 3 * 4 = 12.", "Step 2: 2 + 12 = 15."], labels: [true, false] },
      { prompt: problem, completions: ["Step 1: 2 + 3 = 5."], labels: [false] },
    ]);
  });

  it("math-shepherd: ки after each step in input, + or - in label, every labelled step kept", () => {
    const [allRight, withError] = roundTrip("math-shepherd", [right, lateError]);
    expect(allRight).toEqual({
      input: `${problem} Step 1: 3 * 4 = 12. ки\nStep 2: 2 + 12 = 14. ки\nAnswer: 14 ки`,
      label: `${problem} Step 1: 3 * 4 = 12. +\nStep 2: 2 + 12 = 14. +\nAnswer: 14 +`,
      task: "step-math",
    });
    expect(withError?.label).toBe(`${problem} Step 1: 3 * 4 = 12. +\nStep 2: 2 + 12 = 15. -\nAnswer: 15 -`);
  });

  it("sft: only correct solutions, the policy's filled prompt, steps joined by its delimiter", () => {
    expect(roundTrip("sft", [wrong, right, lateError])).toEqual([
      { prompt: `Problem: ${problem}\n`, completion: "Step 1: 3 * 4 = 12.\nStep 2: 2 + 12 = 14.\nAnswer: 14" },
    ]);
  });

  it("dpo: a correct against a wrong solution of the same problem, every solution in a pair", () => {
    const rows = roundTrip("dpo", [right, wrong, lateError]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.chosen === right.steps.join("\n") && r.prompt === `Problem: ${problem}\n`)).toBe(true);
    expect(rows.map((r) => r.rejected)).toEqual([wrong.steps.join("\n"), lateError.steps.join("\n")]);
  });

  it("dpo: no wrong solution (or no correct one) gives no pair; another problem's wrong one is not used", () => {
    expect(exportRows("dpo", [right, right], policy).rows).toEqual([]);
    expect(exportRows("dpo", [wrong, lateError], policy).rows).toEqual([]);
    const otherProblem = { ...wrong, problemId: "dev-00008", problem: "What is 4 * 5?" };
    expect(exportRows("dpo", [right, otherProblem], policy).rows).toEqual([]);
  });

  it("omega's unlabelled steps: between probes they take the later 1; after the last probe they cut the row", () => {
    // Probed at steps 2 (reaches) and 4 (does not): step 1 is implied by step 2, step 3 is not known.
    const omega = solution(["s1", "s2", "s3", "s4", "Answer: 9"], [null, 1, null, 0, 0], { method: "omega" });
    expect(knownHardLabels(omega)).toEqual([1, 1, null, 0, 0]);
    expect(exportRows("trl-prm", [omega]).rows).toEqual([
      { prompt: problem, completions: ["s1", "s2"], labels: [true, true] },
    ]);
    expect(exportRows("math-shepherd", [omega]).rows[0]?.label).toBe(`${problem} s1 +\ns2 +`);
    // Nothing known from the first step: no row at all.
    const none = solution(["s1", "Answer: 9"], [null, null]);
    expect(exportRows("trl-prm", [none]).rows).toEqual([]);
    expect(exportRows("math-shepherd", [none]).rows).toEqual([]);
  });

  it("the same row twice is written once and counted", () => {
    const result = exportRows("trl-prm", [right, { ...right, problemId: "again" }]);
    expect(result.rows).toHaveLength(1);
    expect(result).toMatchObject({ solutions: 2, duplicates: 1 });
  });

  it("sft and dpo refuse to run without the policy's prompt", () => {
    expect(() => exportRows("sft", [right])).toThrow(ExportOptionError);
    expect(() => exportRows("dpo", [right])).toThrow("the dpo format needs the policy's prompt");
  });

  it("every format's schema is exactly the trainer's columns", () => {
    expect(EXPORT_FORMATS).toEqual(["trl-prm", "math-shepherd", "sft", "dpo"]);
    expect(Object.keys(exportSchemas["trl-prm"].shape)).toEqual(["prompt", "completions", "labels"]);
    expect(Object.keys(exportSchemas["math-shepherd"].shape)).toEqual(["input", "label", "task"]);
    expect(Object.keys(exportSchemas.sft.shape)).toEqual(["prompt", "completion"]);
    expect(Object.keys(exportSchemas.dpo.shape)).toEqual(["prompt", "chosen", "rejected"]);
  });
});

describe("readExport refuses a bad line, naming the file, the line and the field", () => {
  const good = JSON.stringify({ prompt: "p", completions: ["a", "b"], labels: [true, false] });
  const bad = (text: string, format: ExportFormat = "trl-prm") => {
    try {
      parseExport(text, format, "rows.jsonl");
    } catch (e) {
      expect(e).toBeInstanceOf(ExportFileError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  it("names each kind of fault", () => {
    expect(bad(`${good}\n{"prompt": "p", "completions": ["a"], "labels": ["yes"]}\n`)).toBe(
      'rows.jsonl, line 2, field "labels[0]": Invalid input: expected boolean, received string',
    );
    expect(bad(`${good}\n\n{"prompt": "p", "completions": ["a", "b"], "labels": [true]}`)).toBe(
      'rows.jsonl, line 3, field "labels": must have one label per completion',
    );
    expect(bad(`{"prompt": "p", "completions": ["a"]}`)).toBe('rows.jsonl, line 1, field "labels": missing');
    expect(bad(`{"prompt": "p", "completions": ["a"], "labels": [true], "id": 3}`)).toBe(
      'rows.jsonl, line 1, field "id": not a column of trl-prm (its columns: prompt, completions, labels)',
    );
    expect(bad(`${good}\nnot json`)).toMatch(/^rows\.jsonl, line 2: not JSON/);
    expect(bad(`[1, 2]`)).toMatch(/^rows\.jsonl, line 1: not a trl-prm row/);
    expect(bad(`{"input": "q s ки", "label": "q s ки", "task": "step-math"}`, "math-shepherd")).toBe(
      'rows.jsonl, line 1, field "label": must be input with each ки replaced by + or -',
    );
    expect(bad(`{"prompt": "p", "chosen": "a", "rejected": "a"}`, "dpo")).toBe(
      'rows.jsonl, line 1, field "rejected": must differ from chosen',
    );
  });

  it("reads a file with blank lines and no trailing newline", () => {
    expect(parseExport(`${good}\n\n${good}`, "trl-prm")).toHaveLength(2);
    expect(parseExport("", "sft")).toEqual([]);
  });

  it("names a file that is not there", () => {
    expect(() => readExport("/no/such/rows.jsonl", "sft")).toThrow(
      "/no/such/rows.jsonl: cannot read it (no such file)",
    );
  });
});
