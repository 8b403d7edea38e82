import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnnotatedSolution } from "../../src-main/core/annotate/AnnotatedSolution.js";
import { progressFileOf, type AnnotationProgress } from "../../src-main/core/annotate/AnnotationFile.js";
import { readExport } from "../../src-main/core/annotate/exports/readExport.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";

// `mull annotate` as a person runs it: the real 2M policy through node-llama-cpp, labels by rollouts, rows written
// one problem at a time and read back by the format's own schema, a kill and a Ctrl-C mid-run, and bad input.
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const policy = ["--policy", join(projectDir, "models/mull-policy-2m.profile.json")];
const dev = loadProblemSet(PROBLEM_SETS.dev);
let dir: string;
let env: NodeJS.ProcessEnv;

function mull(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, "annotate", ...args], {
    cwd: projectDir,
    encoding: "utf8",
    env,
    timeout: 300_000,
  });
}

/** The summary `--json` prints. */
interface Summary {
  out: string;
  rows: number;
  asked: number;
  skipped: number;
  cancelled: boolean;
  file: { problems: number; rows: number; labels: number; positive: number; positiveFraction: number | null;
    sampled: number; annotated: { solutions: number; steps: number; labelled: number }; noAnnotation: number;
    rollouts: number; evaluatedTokens: number; distinctPrefixTokens: number }; // prettier-ignore
  run: { problems: number; rollouts: number };
}

function progressOf(out: string): AnnotationProgress | undefined {
  try {
    return JSON.parse(readFileSync(progressFileOf(out), "utf8")) as AnnotationProgress;
  } catch {
    return undefined; // not written yet
  }
}

/** Rows of an `annotated` file, grouped into runs of the same problem id, in file order. */
function problemBlocks(out: string): string[] {
  const ids = readFileSync(out, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as AnnotatedSolution).problemId);
  return ids.filter((id, i) => id !== ids[i - 1]);
}

/** Starts `mull annotate` and resolves once its progress file records `problems` problems done. */
function startAndWait(args: string[], out: string, problems: number) {
  const child = spawn(process.execPath, [bin, "annotate", ...args], { cwd: projectDir, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  // Each problem done renames a fresh progress file into the folder: an event, whatever the machine's load.
  const watcher = watch(dir);
  const done = new Promise<void>((resolve, reject) => {
    const check = () => (progressOf(out)?.done.length ?? 0) >= problems && resolve();
    watcher.on("change", check); // both kinds of fs.watch event (a rename, a content change) come as "change"
    void exited.then((code) => reject(new Error(`mull annotate exited (${code}) first: ${stderr}`)));
  }).finally(() => watcher.close());
  return { child, exited, done, output: () => ({ stdout, stderr }) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-annotate-cli-"));
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
});

describe("mull annotate on the real 2M policy", () => {
  it("writes TRL stepwise rows that read back by TRL's schema, one problem at a time, and sums them up", () => {
    const out = join(dir, "trl.jsonl");
    const r = mull("--set", "dev", "--limit", "3", "--rollouts", "4", "--out", out, "--json", ...policy);
    expect(r.stderr).not.toMatch(/^mull: (?!warning)/m);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    const rows = readExport(out, "trl-prm");
    expect(rows.length).toBe(summary.rows);
    expect(rows.length).toBeGreaterThan(0);
    const problems = new Set(dev.slice(0, 3).map((p) => p.problem));
    for (const row of rows) {
      expect(problems.has(row.prompt)).toBe(true);
      expect(row.labels).toHaveLength(row.completions.length);
      // Cut after the first wrong step, as PRM800K and OmegaPRM train: a false label can only be the last.
      expect(row.labels.slice(0, -1).every((l) => l)).toBe(true);
    }
    expect(summary).toMatchObject({ asked: 3, skipped: 0, cancelled: false });
    expect(summary.file.problems).toBe(3);
    // The rows' figures are the rows': every label in the file, and the share of them that is true.
    const labels = rows.flatMap((r) => r.labels);
    expect(summary.file).toMatchObject({ rows: rows.length, labels: labels.length });
    expect(summary.file.positive).toBe(labels.filter((l) => l).length);
    expect(summary.file.positiveFraction).toBe(summary.file.positive / summary.file.labels);
    // What was annotated, apart: each distinct sample once (2 sampled per problem), every step labelled.
    expect(summary.file.sampled).toBe(3 * 2);
    expect(summary.file.annotated.solutions).toBeLessThanOrEqual(summary.file.sampled);
    expect(summary.file.annotated.solutions).toBeGreaterThanOrEqual(rows.length);
    expect(summary.file.annotated.labelled).toBe(summary.file.annotated.steps);
    expect(summary.file.rollouts).toBeGreaterThan(0);
    expect(summary.file.distinctPrefixTokens).toBeGreaterThan(0);
    expect(progressOf(out)?.done.map((d) => d.id)).toEqual(dev.slice(0, 3).map((p) => p.id));
    expect(progressOf(out)?.done.at(-1)?.bytes).toBe(statSync(out).size);

    // The same command again: nothing left to do, nothing rewritten, nothing loaded.
    const text = readFileSync(out, "utf8");
    const again = mull("--set", "dev", "--limit", "3", "--rollouts", "4", "--out", out, "--json", ...policy);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: 3, run: { problems: 0, rollouts: 0 } });
    expect(readFileSync(out, "utf8")).toBe(text);

    // Into the same file with other settings: refused before anything loads, naming the setting, file untouched.
    const other = mull("--set", "dev", "--limit", "3", "--rollouts", "8", "--out", out, ...policy);
    expect(other.status).toBe(2);
    expect(other.stderr.trim().split("\n")).toEqual([
      `mull: ${out}: holds annotations made with --rollouts 4, not 8; use another --out, or the same --rollouts`,
    ]);
    expect(readFileSync(out, "utf8")).toBe(text);
  });

  it("omega into math-shepherd and annotated files: rows read back by their schema, labels fit their steps", () => {
    const shepherd = join(dir, "shepherd.jsonl");
    const r = mull("--set", "dev", "--limit", "2", "--method", "omega", "--format", "math-shepherd", "--out", shepherd,
      "--rollouts", "4", ...policy); // prettier-ignore
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Annotated dev \(omega, 4 rollouts per step, 2 solutions per problem\)/);
    expect(r.stdout).toMatch(/^ {2}rollouts +\d+$/m);
    const rows = readExport(shepherd, "math-shepherd");
    for (const row of rows) expect(row.label.replace(/ [+-](?=\n|$)/g, " ки")).toBe(row.input);

    const annotated = join(dir, "annotated.jsonl");
    const a = mull("--set", "dev", "--limit", "2", "--method", "omega", "--format", "annotated", "--out", annotated,
      "--rollouts", "4", ...policy); // prettier-ignore
    expect(a.status).toBe(0);
    const solutions = readFileSync(annotated, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as AnnotatedSolution);
    expect(solutions.length).toBeGreaterThan(0);
    for (const s of solutions) {
      expect(s.method).toBe("omega");
      expect(s.hard).toHaveLength(s.steps.length);
      expect(s.soft).toHaveLength(s.steps.length);
      const first = s.hard.indexOf(0);
      expect(s.firstError).toBe(first < 0 ? null : first);
      // OmegaPRM draws no completion for a solution whose answer is right.
      if (s.correct) expect(s.cost.rollouts).toBe(0);
    }
    // Identical samples of a problem are annotated once.
    const keys = solutions.map((s) => JSON.stringify([s.problemId, s.steps]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("tree: every answer path of an MCTS labelled by its values, and the search counted even where none answers", () => {
    const out = join(dir, "tree.jsonl");
    const r = mull("--set", "dev", "--limit", "2", "--method", "tree", "--iterations", "8", "--format", "annotated",
      "--out", out, "--json", ...policy); // prettier-ignore
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    // Each round values a new leaf by a rollout: the search drew some whether or not a path reached an answer.
    expect(summary.file.rollouts).toBeGreaterThan(0);
    const text = readFileSync(out, "utf8");
    const solutions =
      text === ""
        ? []
        : text
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as AnnotatedSolution);
    expect(solutions).toHaveLength(summary.file.annotated.solutions);
    // A problem whose tree finished no answer path wrote nothing, and the summary counts it.
    const withRows = new Set(solutions.map((s) => s.problemId));
    expect(summary.file.noAnnotation).toBe(2 - withRows.size);
    for (const s of solutions) {
      expect(s.method).toBe("tree");
      expect(s.hard).toEqual(s.soft.map((v) => (v === null ? null : v > 0 ? 1 : 0)));
    }
  });

  it("killed with SIGKILL after a problem is written, the same command resumes: every problem once, rows kept", async () => {
    const out = join(dir, "killed.jsonl");
    const args = ["--set", "dev", "--limit", "6", "--rollouts", "4", "--format", "annotated", "--out", out, ...policy];
    const run = startAndWait(args, out, 1);
    await run.done;
    run.child.kill("SIGKILL");
    await run.exited;
    const before = progressOf(out)!;
    expect(before.done.length).toBeGreaterThanOrEqual(1);
    expect(before.done.length).toBeLessThan(6);
    const kept = readFileSync(out, "utf8").slice(0, before.done.at(-1)!.bytes);

    const rerun = mull(...args, "--json");
    expect(rerun.status).toBe(0);
    const summary = JSON.parse(rerun.stdout) as Summary;
    expect(summary).toMatchObject({ asked: 6, skipped: before.done.length, cancelled: false });
    expect(summary.file.problems).toBe(6);
    expect(readFileSync(out, "utf8").startsWith(kept)).toBe(true);
    const ids = dev.slice(0, 6).map((p) => p.id);
    expect(progressOf(out)?.done.map((d) => d.id)).toEqual(ids);
    expect(problemBlocks(out)).toEqual(ids);
  });

  it("Ctrl-C drops the problem in flight, keeps what is written, prints the summary and exits 130", async () => {
    const out = join(dir, "interrupted.jsonl");
    const args = ["--set", "dev", "--limit", "40", "--rollouts", "2", "--format", "annotated", "--out", out,
      "--json", ...policy]; // prettier-ignore
    const run = startAndWait(args, out, 1);
    await run.done;
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    const summary = JSON.parse(run.output().stdout) as Summary;
    expect(summary.cancelled).toBe(true);
    expect(run.output().stderr).toContain("rerun the same command to resume");
    const progress = progressOf(out)!;
    expect(summary.file.problems).toBe(progress.done.length);
    expect(progress.done.at(-1)?.bytes).toBe(statSync(out).size);
    expect(problemBlocks(out)).toEqual(progress.done.map((d) => d.id));
  });

  it("SIGTERM does as Ctrl-C does: the problem in flight dropped, the rest kept, the summary printed, exit 143", async () => {
    const out = join(dir, "terminated.jsonl");
    const args = ["--set", "dev", "--limit", "40", "--rollouts", "2", "--format", "annotated", "--out", out,
      "--json", ...policy]; // prettier-ignore
    const run = startAndWait(args, out, 1);
    await run.done;
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(143);
    const summary = JSON.parse(run.output().stdout) as Summary;
    expect(summary.cancelled).toBe(true);
    expect(run.output().stderr).toContain("cancelling on SIGTERM");
    const progress = progressOf(out)!;
    expect(summary.file.problems).toBe(progress.done.length);
    expect(progress.done.at(-1)?.bytes).toBe(statSync(out).size);
    expect(problemBlocks(out)).toEqual(progress.done.map((d) => d.id));
  });

  it("refuses bad input in one line naming the field, exit code 2, before any model loads", () => {
    const noAnswer = join(dir, "no-answer.jsonl");
    writeFileSync(noAnswer, '{"id": "a", "problem": "1 + 1?", "answer": "2"}\n{"id": "b", "problem": "2 + 2?"}\n');
    const cases: [string[], RegExp][] = [
      [["--set", noAnswer, "--out", join(dir, "x.jsonl")], /^mull: --set: .*no-answer\.jsonl:2: no reference answer/],
      [["--set", "dev", "--rollouts", "0", "--out", join(dir, "x.jsonl")], /^mull: option '--rollouts <n>' argument '0' is invalid/],
      [["--set", "dev", "--out", join(dir, "missing", "x.jsonl")], /^mull: --out: .*: the folder .*missing does not exist$/],
      [["--set", "dev", "--out", dir], /^mull: --out: .* is a folder; give a file name$/],
      [["--set", "dev", "--method", "tree", "--rollouts", "4", "--out", join(dir, "x.jsonl")], /^mull: --rollouts does not apply to --method tree/],
    ]; // prettier-ignore
    for (const [args, line] of cases) {
      const r = mull(...args, ...policy);
      expect(r.status, args.join(" ")).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    }
    expect(existsSync(join(dir, "x.jsonl"))).toBe(false);
  });
});
