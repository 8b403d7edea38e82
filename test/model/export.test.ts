import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { annotateSolution } from "../../src-main/core/annotate/annotateSolution.js";
import { exportSchemas, EXPORT_FORMATS, STEP_TAG } from "../../src-main/core/annotate/exports/exportSchemas.js";
import { readExport } from "../../src-main/core/annotate/exports/readExport.js";
import { trlPrmRow } from "../../src-main/core/annotate/exports/trlPrmRows.js";
import { answersMatch } from "../../src-main/core/domain/answerChecker.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { EMBEDDED, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import type { RunItem } from "../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";
import type { TreeJson } from "../../src-main/core/tree/TreeJson.js";

// `mull export` as a person runs it: real runs of the embedded models saved by `mull solve` into a fresh store, each
// exported in every format and read back by the format's schema; the rows checked against the run's own tree (read
// independently through `mull runs export --trees`); a Math-Shepherd annotation of a run, computed by the real
// policy and saved with it, exported as its labels; and the refusals.
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const dev = loadProblemSet(PROBLEM_SETS.dev);
const first = dev[0] as (typeof dev)[number]; // an arithmetic sequence, difficulty 1: the 6M policy solves it often
let dir: string;
let env: NodeJS.ProcessEnv;

function mull(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, encoding: "utf8", env, timeout: 300_000 });
}

/** Runs `mull solve` and returns the id of the run it saved. */
function solve(...args: string[]): number {
  const r = mull("solve", ...args);
  expect(r.status, r.stderr).toBe(0);
  const id = /Saved as run (\d+)/.exec(r.stdout + r.stderr)?.[1];
  expect(id, r.stdout + r.stderr).toBeDefined();
  return Number(id);
}

/** A saved run's only item and its tree, as `mull runs export --trees` writes them. */
function savedItem(run: number): RunItem & { tree: TreeJson } {
  const r = mull("runs", "export", String(run), "--trees");
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { items: (RunItem & { tree: TreeJson })[] }).items[0] as RunItem & {
    tree: TreeJson;
  };
}

/** Every root-to-terminal path of a tree: its steps and its answer. */
function finishedPaths(tree: TreeJson): { steps: string[]; answer: string | null }[] {
  return tree.nodes
    .filter((n) => n.terminal)
    .map((leaf) => {
      const steps: string[] = [];
      for (let at: number | null = leaf.id; at !== null && at !== 0; at = tree.nodes[at]?.parent ?? null)
        steps.unshift(tree.nodes[at]?.stepText ?? "");
      return { steps, answer: leaf.answer };
    });
}

/** The step texts (joined by newlines) of every path of an MCTS tree whose nodes were all visited, down to an answer. */
function valuedPaths(tree: TreeJson): string[] {
  const paths: string[] = [];
  for (const leaf of tree.nodes) {
    if (leaf.answer === null || leaf.parent === null) continue;
    const steps: string[] = [];
    let visited = true;
    for (let at: number | null = leaf.id; at !== null && at !== 0; at = tree.nodes[at]?.parent ?? null) {
      steps.unshift(tree.nodes[at]?.stepText ?? "");
      visited &&= (tree.nodes[at]?.visits ?? 0) > 0;
    }
    if (visited) paths.push(steps.join("\n"));
  }
  return paths;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-export-"));
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
});

describe("mull export on runs of the embedded models", () => {
  let sampled: number;
  let tree: TreeJson;
  let right: string[];
  let wrong: string[];

  beforeAll(() => {
    // Best-of-8 on the 6M policy: every sample is a finished leaf of the tree, judged against the dev reference.
    sampled = solve("--strategy", "best-of-n", "--n", "8", first.problem);
    const item = savedItem(sampled);
    expect(item.reference).toBe(first.answer);
    tree = item.tree;
    const paths = finishedPaths(tree);
    const text = (p: { steps: string[] }) => p.steps.join("\n");
    right = [...new Set(paths.filter((p) => p.answer !== null && answersMatch(p.answer, first.answer)).map(text))];
    wrong = [...new Set(paths.filter((p) => !right.includes(text(p))).map(text))];
  });

  it("writes every format, each read back by its schema, labels from the tree's answers judged against the reference", () => {
    for (const format of EXPORT_FORMATS) {
      const out = join(dir, `${format}.jsonl`);
      const r = mull("export", "--run", String(sampled), "--format", format, "--out", out);
      if (
        (format === "sft" && right.length === 0) ||
        (format === "dpo" && (right.length === 0 || wrong.length === 0))
      ) {
        // The policy's samples decide whether there is a correct (and a wrong) path: then it is refused, by name.
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^mull: run ${sampled} cannot be exported as ${format}: `));
        continue;
      }
      expect(r.status, r.stderr).toBe(0);
      const rows = readExport(out, format);
      expect(r.stdout).toContain(`Wrote ${rows.length} ${format} row${rows.length === 1 ? "" : "s"} to ${out}`);
      expect(r.stdout).toContain("Labels: from its tree's answers judged against the reference.");
      for (const row of rows) expect(exportSchemas[format].safeParse(row).success).toBe(true);
      const prompt = `Problem: ${first.problem}\n`; // the 6M profile's template, filled
      if (format === "sft") {
        expect(rows.map((row) => (row as { completion: string }).completion).sort()).toEqual([...right].sort());
        expect(rows.every((row) => (row as { prompt: string }).prompt === prompt)).toBe(true);
      }
      if (format === "dpo") {
        expect(rows).toHaveLength(Math.max(right.length, wrong.length));
        for (const row of rows as { prompt: string; chosen: string; rejected: string }[]) {
          expect(row.prompt).toBe(prompt);
          expect(right).toContain(row.chosen);
          expect(wrong).toContain(row.rejected);
        }
      }
      if (format === "trl-prm")
        for (const row of rows as { prompt: string; completions: string[]; labels: boolean[] }[]) {
          expect(row.prompt).toBe(first.problem);
          // A correct path is good throughout; a wrong one ends at its first bad step.
          const whole = row.completions.join("\n");
          if (right.includes(whole)) expect(row.labels.every(Boolean)).toBe(true);
          else expect(row.labels.at(-1)).toBe(false);
        }
      if (format === "math-shepherd")
        for (const row of rows as { input: string; label: string }[]) {
          // The answer line's mark is the answer check: + exactly on a correct path.
          const steps = row.input
            .slice(first.problem.length + 1)
            .split("\n")
            .map((l) => l.replace(` ${STEP_TAG}`, ""));
          expect(row.label.endsWith("+")).toBe(right.includes(steps.join("\n")));
        }
    }
  });

  it("exports a saved Math-Shepherd annotation of the run (rollouts by the real 2M policy) as its labels", async () => {
    const item = savedItem(sampled);
    const policy = await LlamaPolicy.load(EMBEDDED.policySmall, { sequences: 4 });
    try {
      const annotated = await annotateSolution({
        policy,
        problemId: `run-${sampled}/${item.key}`,
        problem: item.problem,
        reference: first.answer,
        steps: item.path.map((s) => s.text),
        answer: item.answer,
        method: "mc",
        rollouts: 4,
        sampling: { temperature: 0.8, seed: 1 },
        maxDepth: policy.profile.maxSteps,
      });
      const store = RunStore.open({ file: join(dir, "data", "mull.db") });
      store.saveAnnotation(sampled, item.key, [annotated]);
      store.close();
      const out = join(dir, "annotated.jsonl");
      const r = mull("export", "--run", String(sampled), "--format", "trl-prm", "--out", out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain("Labels: from a saved annotation (mc).");
      expect(readExport(out, "trl-prm")).toEqual([trlPrmRow(annotated)].filter((row) => row !== null));
    } finally {
      await policy.dispose();
    }
  });

  it("labels an MCTS run with no reference by its node values, finished paths only, and refuses sft and dpo for it", () => {
    // Numbers of no bundled problem: no reference answer is known.
    const unknown = "What is the 6th term of the arithmetic sequence 3, 10, 17, 24, ...?";
    const run = solve("--strategy", "mcts", unknown); // the 6M policy, 32 iterations
    const valued = valuedPaths(savedItem(run).tree);
    expect(valued.length, "the 6M MCTS values no path down to its answer").toBeGreaterThan(0);
    const out = join(dir, "mcts.jsonl");
    const r = mull("export", "--run", String(run), "--format", "math-shepherd", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Labels: from MCTS node values (the PRM's, no reference).");
    // Every row is a whole path MCTS valued down to its answer (its last line the answer), and every such path is a row.
    const rows = readExport(out, "math-shepherd");
    const rowPaths = rows.map((row) =>
      row.input
        .slice(unknown.length + 1)
        .split("\n")
        .map((l) => l.replace(` ${STEP_TAG}`, ""))
        .join("\n"),
    );
    expect(new Set(rowPaths)).toEqual(new Set(valued));
    for (const path of rowPaths) expect(path.split("\n").at(-1)).toMatch(/^Answer: /);
    for (const format of ["sft", "dpo"]) {
      const refused = mull(
        "export",
        "--run",
        String(run),
        "--format",
        format,
        "--out",
        join(dir, `mcts-${format}.jsonl`),
      );
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(
        `mull: run ${run} cannot be exported as ${format}: it has no reference answer to tell correct solutions from wrong ones (its labels are MCTS values only)\n`,
      );
      expect(existsSync(join(dir, `mcts-${format}.jsonl`))).toBe(false);
    }
    // 12 iterations of the 2M policy: a path only the closing rollout finished is not exported cut short; with no
    // path valued to its answer the run is refused, naming why.
    const short = solve("--policy", EMBEDDED.policySmall, "--strategy", "mcts", "--iterations", "12", unknown);
    const shortOut = join(dir, "mcts-short.jsonl");
    const shortRun = mull("export", "--run", String(short), "--format", "trl-prm", "--out", shortOut);
    if (valuedPaths(savedItem(short).tree).length > 0) expect(shortRun.status, shortRun.stderr).toBe(0);
    else {
      expect([shortRun.status, shortRun.stderr]).toEqual([
        1,
        `mull: run ${short} has no step labels for trl-prm: no path of its MCTS tree is valued down to an answer (an answer reached by the closing rollout has steps with no value), and unfinished paths are not exported\n`,
      ]);
      expect(existsSync(shortOut)).toBe(false);
    }
  });

  it("refuses a run that does not exist and an --out that cannot be written, before any work, naming them", () => {
    const unknown = mull("export", "--run", "999", "--format", "dpo", "--out", join(dir, "x.jsonl"));
    expect([unknown.status, unknown.stderr]).toEqual([2, "mull: --run: no run with id 999 (mull runs lists them)\n"]);
    const missing = join(dir, "no-folder", "x.jsonl");
    const noFolder = mull("export", "--run", String(sampled), "--format", "trl-prm", "--out", missing);
    expect([noFolder.status, noFolder.stderr]).toEqual([
      2,
      `mull: --out: ${missing}: the folder ${join(dir, "no-folder")} does not exist\n`,
    ]);
    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    const isFolder = mull("export", "--run", String(sampled), "--format", "trl-prm", "--out", folder);
    expect([isFolder.status, isFolder.stderr]).toEqual([2, `mull: --out: ${folder} is a folder; give a file name\n`]);
    // Checked before the run is looked up: an unwritable path wins over an unknown run.
    const both = mull("export", "--run", "999", "--format", "sft", "--out", missing);
    expect(both.stderr).toContain(missing);
    expect(mull("export", "--help").stdout).toContain("mull runs export");
  });
});
