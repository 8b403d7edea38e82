import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import { AnnotationFile, type AnnotationFileSettings } from "../../../src-main/core/annotate/AnnotationFile.js";
import { annotateSetToFile } from "../../../src-main/core/annotate/annotateSetToFile.js";
import { annotationRows } from "../../../src-main/core/annotate/annotationRows.js";
import { readExport } from "../../../src-main/core/annotate/exports/readExport.js";
import { modelFingerprint } from "../../../src-main/core/experiments/modelFingerprint.js";
import { mull } from "../cli/cliHelpers.js";

// `mull annotate` in this process, where no model is needed: bad problem sets (refused before any model loads), and
// the summary of a file whose problems are all done (a rerun loads nothing). The file is written here through the
// same AnnotationFile and row code the command uses, from made-up annotations; the model tests run real ones.

const policy = join(import.meta.dirname, "../../../models/mull-policy-2m.profile.json");
let dir: string;
let set: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-annotate-command-"));
  set = join(dir, "set.jsonl");
  writeFileSync(
    set,
    ["a", "b", "c"].map((id) => JSON.stringify({ id, problem: `problem ${id}`, answer: "1" })).join("\n") + "\n",
  );
});

/** The settings `mull annotate --set <set> --policy <2m> --method <method>` records, with its defaults. */
function settingsOf(method: "mc" | "tree"): AnnotationFileSettings {
  return {
    problemFile: set,
    method,
    format: method === "mc" ? "trl-prm" : "annotated",
    policy,
    policyFingerprint: modelFingerprint(policy),
    rollouts: method === "mc" ? 8 : null,
    samples: method === "mc" ? 2 : null,
    iterations: method === "mc" ? null : 32,
    temperature: 0.8,
    seed: 0,
  };
}

/** A solution of a problem with the given hard labels (the last step is the answer line). */
function solution(problemId: string, hard: (0 | 1)[]): AnnotatedSolution {
  return {
    problemId,
    problem: `problem ${problemId}`,
    reference: "1",
    steps: hard.map((_, i) => (i === hard.length - 1 ? `Answer: ${hard[i] === 1 ? 1 : 2}` : `step ${i + 1}`)),
    answer: hard.at(-1) === 1 ? "1" : "2",
    correct: hard.at(-1) === 1,
    method: "mc",
    soft: hard,
    hard,
    rolloutsPerStep: hard.map(() => 8),
    firstError: hard.includes(0) ? hard.indexOf(0) : null,
    cost: { rollouts: 8 * hard.length, generatedTokens: 10, evaluatedTokens: 4, reusedTokens: 0, ms: 1,
      distinctPrefixTokens: 4 }, // prettier-ignore
  };
}

/** The summary `--json` prints, as far as these tests read it. */
interface Figures {
  problems: number;
  rows: number;
  labels: number;
  positive: number;
  positiveFraction: number | null;
  sampled: number;
  annotated: { solutions: number; steps: number; labelled: number; positive: number };
  noAnnotation: number;
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v !== "object" || v === null) return;
    for (const [k, inner] of Object.entries(v)) {
      keys.add(k);
      walk(inner);
    }
  };
  walk(value);
  return keys;
}

describe("mull annotate's summary describes the rows in the file", () => {
  it("rows, labels and positive share are the written rows'; annotation figures apart; problem counts add up", async () => {
    const out = join(dir, "labels.jsonl");
    // Problem a: 3 samples, 2 distinct: one right throughout (3 steps), one wrong at step 2 then "right" again,
    // which TRL's row cuts after the false label. Problem b: its two distinct solutions give the very same row once
    // cut (steps after the false label differ), so one row is dropped. Problem c: one solution.
    const annotations: Record<string, { solutions: AnnotatedSolution[]; sampled: number }> = {
      a: { solutions: [solution("a", [1, 1, 1]), solution("a", [1, 0, 1, 1])], sampled: 3 },
      b: { solutions: [solution("b", [0, 1]), { ...solution("b", [0, 0]), steps: ["step 1", "other"] }], sampled: 2 },
      c: { solutions: [solution("c", [1, 1])], sampled: 1 },
    };
    const problems = ["a", "b", "c"].map((id) => ({ id, problem: `problem ${id}`, answer: "1", solution: "" }));
    await annotateSetToFile({
      problems,
      file: AnnotationFile.open(out, settingsOf("mc")),
      annotate: async (p) => annotations[p.id]!,
      rows: (solutions) => annotationRows("trl-prm", solutions),
    });
    const rows = readExport(out, "trl-prm");
    const labels = rows.flatMap((r) => r.labels);
    expect(rows).toHaveLength(4); // a: 2, b: 1 (the repeat dropped), c: 1
    expect(labels).toHaveLength(3 + 2 + 1 + 2);

    // A rerun with a smaller --limit: nothing to do, nothing loaded; the file holds one problem not asked now.
    const r = await mull("annotate", "--set", set, "--limit", "2", "--out", out, "--policy", policy, "--json");
    expect(r.errLines.filter((l) => l.startsWith("mull:"))).toEqual([]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { rows: number; asked: number; skipped: number; file: Figures };
    expect(summary).toMatchObject({ rows: rows.length, asked: 2, skipped: 2 });
    expect(summary.file).toMatchObject({
      problems: 3,
      rows: rows.length,
      labels: labels.length,
      positive: labels.filter((l) => l).length,
      positiveFraction: labels.filter((l) => l).length / labels.length,
      sampled: 6,
      annotated: { solutions: 5, steps: 3 + 4 + 2 + 2 + 2, labelled: 13, positive: 9 },
      noAnnotation: 0,
    });

    const text = await mull("annotate", "--set", set, "--limit", "2", "--out", out, "--policy", policy);
    expect(text.stdout).toContain(`into ${out}: 4 trl-prm rows\n`);
    expect(text.stdout).toMatch(/^ {2}problems +3 \(0 this run, 2 done before, 1 from an earlier run not among the 2 asked now\)$/m); // prettier-ignore
    expect(text.stdout).toMatch(/^ {2}rows +4 trl-prm rows: 8 step labels, 75\.0% positive$/m);
    expect(text.stdout).toMatch(/^ {2}annotated +6 solutions sampled, 5 distinct annotated; 13 of 13 steps labelled, 69\.2% positive$/m); // prettier-ignore

    // Every key the --json help names is one the summary has.
    const help = (await mull("annotate", "--help")).stdout.replace(/\s+/g, " ");
    const named = [...help.slice(help.indexOf("--json")).matchAll(/[{,] *([a-zA-Z]+)(?=[,}:])/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    const keys = keysOf(summary);
    expect(named.filter((k) => !keys.has(k))).toEqual([]);
  });

  it("says how many tree problems found no finished answer path, and speaks in the singular for one", async () => {
    const out = join(dir, "tree.jsonl");
    const cost = { rollouts: 32, generatedTokens: 100, evaluatedTokens: 20, reusedTokens: 0, ms: 1,
      distinctPrefixTokens: 10 }; // prettier-ignore
    await annotateSetToFile({
      problems: [{ id: "a", problem: "problem a", answer: "1", solution: "" }],
      file: AnnotationFile.open(out, settingsOf("tree")),
      annotate: async () => ({ solutions: [], cost }),
      rows: (solutions) => annotationRows("annotated", solutions),
    });
    const r = await mull("annotate", "--set", set, "--limit", "1", "--method", "tree", "--format", "annotated",
      "--out", out, "--policy", policy); // prettier-ignore
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("");
    expect(r.stdout).toContain(`into ${out}: 0 annotated rows\n`);
    expect(r.stdout).toMatch(/^ {2}no labels +1 problem gave no finished answer path; try more --iterations$/m);
    expect(r.stdout).toMatch(/^ {2}rollouts +32$/m);
  });
});

describe("mull annotate refuses a bad problem set with exit code 2, naming --set, the file and the line", () => {
  it.each([
    ["a missing file", null, /^mull: --set: .*missing\.jsonl: file not found$/],
    ["a line that is not JSON", '{"id":"a","problem":"p","answer":"1"}\n{oops\n', /^mull: --set: .*bad\.jsonl:2: not valid JSON$/],
    ["an empty file", "", /^mull: --set: .*bad\.jsonl: holds no problems/],
    ["a line without a problem", '{"id":"a","answer":"1"}\n', /^mull: --set: .*bad\.jsonl:1: field "problem" is required \(text\)$/],
    ["a line without an id", '{"problem":"p","answer":"1"}\n', /^mull: --set: .*bad\.jsonl:1: field "id" is required \(text or number\)$/],
    ["a line without an answer", '{"id":"a","problem":"p"}\n', /^mull: --set: .*bad\.jsonl:1: no reference answer/],
  ])("%s", async (_name, text, line) => {
    const file = join(dir, text === null ? "missing.jsonl" : "bad.jsonl");
    if (text !== null) writeFileSync(file, text);
    const r = await mull("annotate", "--set", file, "--out", join(dir, "x.jsonl"), "--policy", policy);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(line);
  }); // prettier-ignore
});
