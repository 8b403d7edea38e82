import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import {
  AnnotationFile,
  progressFileOf,
  type AnnotationFileSettings,
} from "../../../src-main/core/annotate/AnnotationFile.js";
import { AnnotationResumeError } from "../../../src-main/core/annotate/AnnotationResumeError.js";
import { annotateSetToFile } from "../../../src-main/core/annotate/annotateSetToFile.js";
import { annotationRows } from "../../../src-main/core/annotate/annotationRows.js";
import type { Problem } from "../../../src-main/core/domain/Problem.js";

// The resumable output of `mull annotate`, on real files: what a kill leaves, what a rerun keeps, what it refuses.
// The annotations are made up here (the model tests run the real ones): this checks the bookkeeping only.

const settings: AnnotationFileSettings = {
  problemFile: "/sets/dev.jsonl",
  method: "mc",
  format: "annotated",
  policy: "/models/p.profile.json",
  policyFingerprint: "abc",
  rollouts: 8,
  samples: 2,
  iterations: null,
  temperature: 0.8,
  seed: 0,
};

const problems: Problem[] = ["a", "b", "c", "d"].map((id) => ({
  id,
  problem: `problem ${id}`,
  answer: "1",
  solution: "",
}));

/** Two solutions of two steps for a problem; the second's second step is labelled 0. */
function solutionsOf(problem: Problem): AnnotatedSolution[] {
  return [0, 1].map((i) => ({
    problemId: problem.id,
    problem: problem.problem,
    reference: problem.answer,
    steps: ["x = 1", "Answer: " + (i === 0 ? "1" : "2")],
    answer: i === 0 ? "1" : "2",
    correct: i === 0,
    method: "mc",
    soft: [1, i === 0 ? 1 : 0],
    hard: [1, i === 0 ? 1 : 0],
    rolloutsPerStep: [8, 0],
    firstError: i === 0 ? null : 1,
    cost: { rollouts: 8, generatedTokens: 40, evaluatedTokens: 30, reusedTokens: 0, ms: 1, distinctPrefixTokens: 20 },
    sampleCost: { generatedTokens: 10, evaluatedTokens: 12, reusedTokens: 0, ms: 1 },
  }));
}

const rows = (solutions: readonly AnnotatedSolution[]) => annotationRows("annotated", solutions);

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-annotation-file-"));
  out = join(dir, "labels.jsonl");
});

function ids(): string[] {
  return readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as AnnotatedSolution).problemId);
}

describe("annotateSetToFile into an AnnotationFile", () => {
  it("writes every problem's rows as it finishes, and records each with the file's length after it", async () => {
    const seen: string[] = [];
    const report = await annotateSetToFile({
      problems,
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => ({ solutions: solutionsOf(p) }),
      rows,
      onProblem: (p) => {
        seen.push(p.id);
        // Written before the callback: a kill from here on keeps this problem.
        expect(ids().at(-1)).toBe(p.id);
      },
    });
    expect(seen).toEqual(["a", "b", "c", "d"]);
    expect(ids()).toEqual(["a", "a", "b", "b", "c", "c", "d", "d"]);
    expect(report).toMatchObject({ total: 4, skipped: 0, cancelled: false });
    expect(report.run).toMatchObject({ problems: 4, solutions: 8, steps: 16, labelled: 16, positive: 12 });
    expect(report.run.cost.rollouts).toBe(64);
    expect(report.run.sampleCost.generatedTokens).toBe(80);
    const progress = JSON.parse(readFileSync(progressFileOf(out), "utf8"));
    expect(progress.done.at(-1).bytes).toBe(statSync(out).size);
  });

  it("resumes after a kill mid-write: cuts the half-written tail, skips the problems done, keeps their rows", async () => {
    let calls = 0;
    // A kill after two problems, simulated by an annotate that throws; then half a row of the third, as a process
    // killed inside appendFileSync would leave.
    await expect(
      annotateSetToFile({
        problems,
        file: AnnotationFile.open(out, settings),
        annotate: async (p) => {
          if (++calls > 2) throw new Error("killed");
          return { solutions: solutionsOf(p) };
        },
        rows,
      }),
    ).rejects.toThrow("killed");
    appendFileSync(out, '{"problemId":"c","ste');
    const before = readFileSync(out, "utf8");
    const annotated: string[] = [];
    const report = await annotateSetToFile({
      problems,
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => (annotated.push(p.id), { solutions: solutionsOf(p) }),
      rows,
    });
    expect(annotated).toEqual(["c", "d"]);
    expect(report).toMatchObject({ skipped: 2, cancelled: false });
    expect(report.file.problems).toBe(4);
    expect(report.run.problems).toBe(2);
    expect(ids()).toEqual(["a", "a", "b", "b", "c", "c", "d", "d"]);
    const cut = before.slice(0, before.indexOf('{"problemId":"c","ste'));
    expect(readFileSync(out, "utf8").startsWith(cut)).toBe(true);
  });

  it("a cancel during a problem drops that problem, and a rerun annotates it", async () => {
    const controller = new AbortController();
    const report = await annotateSetToFile({
      problems,
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => {
        if (p.id === "b") controller.abort();
        return { solutions: solutionsOf(p) };
      },
      rows,
      signal: controller.signal,
    });
    expect(report).toMatchObject({ cancelled: true });
    expect(ids()).toEqual(["a", "a"]);
    const again = await annotateSetToFile({
      problems,
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => ({ solutions: solutionsOf(p) }),
      rows,
    });
    expect(again.skipped).toBe(1);
    expect(ids()).toEqual(["a", "a", "b", "b", "c", "c", "d", "d"]);
  });

  it("counts a problem's whole cost when it is given: compute that labelled nothing is still spent", async () => {
    const cost = {
      rollouts: 5,
      generatedTokens: 300,
      evaluatedTokens: 60,
      reusedTokens: 0,
      ms: 9,
      distinctPrefixTokens: 50,
    };
    const report = await annotateSetToFile({
      problems: problems.slice(0, 2),
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => (p.id === "a" ? { solutions: [], cost } : { solutions: solutionsOf(p) }),
      rows,
    });
    expect(report.run).toMatchObject({ problems: 2, solutions: 2 });
    expect(report.run.cost.rollouts).toBe(5 + 16);
    expect(report.file.cost.generatedTokens).toBe(300 + 80);
    expect(ids()).toEqual(["b", "b"]);
  });

  it("refuses other settings naming the first that differs, and touches nothing", async () => {
    await annotateSetToFile({
      problems: problems.slice(0, 1),
      file: AnnotationFile.open(out, settings),
      annotate: async (p) => ({ solutions: solutionsOf(p) }),
      rows,
    });
    const text = readFileSync(out, "utf8");
    const flag = (f: string) => `--${f}`;
    expect(() => AnnotationFile.open(out, { ...settings, rollouts: 4 }, flag)).toThrow(
      /holds annotations made with --rollouts 8, not 4; use another --out, or the same --rollouts/,
    );
    expect(() => AnnotationFile.open(out, { ...settings, method: "omega" }, flag)).toThrow(/--method mc, not omega/);
    expect(() => AnnotationFile.open(out, { ...settings, policyFingerprint: "def" })).toThrow(/its file changed since/);
    expect(readFileSync(out, "utf8")).toBe(text);
  });

  it("never overwrites a file that is not an unfinished annotation, nor one changed since", async () => {
    writeFileSync(out, "my notes\n");
    expect(() => AnnotationFile.open(out, settings)).toThrow(AnnotationResumeError);
    expect(() => AnnotationFile.open(out, settings)).toThrow(/not an unfinished annotation/);
    expect(readFileSync(out, "utf8")).toBe("my notes\n");

    const other = join(dir, "other.jsonl");
    const file = AnnotationFile.open(other, settings);
    file.append("a", rows(solutionsOf(problems[0]!)), { problems: 1, empty: 0, sampled: 2, solutions: 2, steps: 4, labelled: 4, positive: 3,
      cost: { rollouts: 8, generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0, distinctPrefixTokens: 0 },
      sampleCost: { generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0 } }); // prettier-ignore
    writeFileSync(other, "{}\n");
    expect(() => AnnotationFile.open(other, settings)).toThrow(/shorter than the \d+ its progress file records/);
    writeFileSync(progressFileOf(other), "{ not json");
    expect(() => AnnotationFile.open(other, settings)).toThrow(/is not one mull annotate wrote/);
  });

  it("refuses a file another running process is writing, and takes over one whose writer is gone", () => {
    AnnotationFile.open(out, settings);
    const progress = JSON.parse(readFileSync(progressFileOf(out), "utf8"));
    expect(progress.pid).toBe(process.pid);
    // This test's parent (vitest's main process) is alive for as long as the test runs.
    writeFileSync(progressFileOf(out), JSON.stringify({ ...progress, pid: process.ppid }));
    expect(() => AnnotationFile.open(out, settings)).toThrow(
      `is being written by another running mull annotate (process ${process.ppid}); wait for it to finish`,
    );
    // A process id far above any the kernel hands out: no such process, as after a kill.
    writeFileSync(progressFileOf(out), JSON.stringify({ ...progress, pid: 2 ** 30 }));
    expect(AnnotationFile.open(out, settings).resumed).toBe(true);
    expect(JSON.parse(readFileSync(progressFileOf(out), "utf8")).pid).toBe(process.pid);
  });

  it("refuses a progress file an earlier mull annotate wrote (version 1: no labels per problem), naming the version", () => {
    AnnotationFile.open(out, settings);
    const progress = JSON.parse(readFileSync(progressFileOf(out), "utf8"));
    writeFileSync(progressFileOf(out), JSON.stringify({ ...progress, version: 1 }));
    expect(() => AnnotationFile.open(out, settings)).toThrow(
      "was written by an earlier mull annotate (progress file version 1, now 2); use another --out, or delete the file",
    );
  });

  it("a file deleted since (its progress file left behind) starts over", async () => {
    const file = AnnotationFile.open(out, settings);
    file.append("a", { lines: ["{}"], labels: 0, positive: 0 }, { problems: 1, empty: 1, sampled: 0, solutions: 0, steps: 0, labelled: 0, positive: 0,
      cost: { rollouts: 0, generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0, distinctPrefixTokens: 0 },
      sampleCost: { generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0 } }); // prettier-ignore
    expect(() => file.append("a", { lines: ["{}"], labels: 0, positive: 0 }, file.tally())).toThrow(
      /already in the file/,
    );
    rmSync(out);
    const fresh = AnnotationFile.open(out, { ...settings, rollouts: 4 });
    expect(fresh.resumed).toBe(false);
    expect(fresh.doneIds()).toEqual([]);
  });
});
