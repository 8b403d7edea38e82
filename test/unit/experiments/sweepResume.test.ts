import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Problem } from "../../../src-main/core/domain/Problem.js";
import type { Engines, OpenPolicy } from "../../../src-main/core/engine/Engines.js";
import type { SweepConfig } from "../../../src-main/core/experiments/SweepConfig.js";
import { SweepResumeError } from "../../../src-main/core/experiments/SweepResumeError.js";
import { sweepToDir, type SweepToDirOptions } from "../../../src-main/core/experiments/sweepToDir.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { FakePolicy, type FakePolicyOptions } from "../search/FakePolicy.js";
import { FakeScorer } from "../search/FakeScorer.js";
import { mathScript } from "../search/mathScript.js";

const problems: Problem[] = ["a", "b", "c"].map((id) => ({
  id,
  family: "linear-equation",
  difficulty: 1,
  problem: `Problem ${id}`,
  answer: "42",
  solution: "Answer: 42",
}));

const config: SweepConfig = {
  set: "fake.jsonl",
  problemFile: "/data/fake.jsonl",
  limit: null,
  strategies: ["greedy", "beam", "self-consistency", "best-of-n"],
  budgets: [1, 2],
  policies: [{ name: "fake", profile: "/models/fake.profile.json" }],
  prm: "/models/prm.profile.json",
  seed: 0,
  caps: {},
};
// per problem: greedy once + 3 strategies × 2 budgets
const TOTAL = 3 * (1 + 3 * 2);

/** CSV rows as key → completed_at, asserting no key appears twice. */
function csvRows(file: string): Map<string, string> {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const cols = (header ?? "").split(",");
  const rows = new Map<string, string>();
  for (const line of lines) {
    const f = line.split(",");
    const at = (name: string) => f[cols.indexOf(name)] ?? "";
    const key = `${at("policy")}|${at("problem_id")}|${at("strategy")}|${at("budget") || "-"}`;
    expect(rows.has(key), `row ${key} appears twice`).toBe(false);
    rows.set(key, at("completed_at"));
  }
  return rows;
}

describe("sweepToDir: a resumable sweep into an output folder", () => {
  let dir: string;
  let store: RunStore;
  let opened: number;
  const out = () => join(dir, "out");
  const openPolicy =
    (options: FakePolicyOptions = {}): OpenPolicy =>
    async () => {
      opened++;
      return { policy: new FakePolicy(mathScript, options), stepDelimiter: "\n", dispose: async () => {} };
    };
  const engines = (open: OpenPolicy): Engines => ({ openPolicy: open, openScorer: async () => new FakeScorer() });
  const sweep = (overrides: Partial<SweepToDirOptions> = {}) =>
    sweepToDir({
      config,
      problems,
      outDir: out(),
      store,
      engines: engines(openPolicy()),
      ...overrides,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mull-sweep-"));
    store = RunStore.open({ file: join(dir, "mull.db") });
    opened = 0;
  });
  afterEach(() => store.close());

  it("writes every item once to results.csv, a summary, a scaling plot with the baselines, and the store", async () => {
    const report = await sweep();
    expect(report).toMatchObject({ completed: TOTAL, skipped: 0, cancelled: false, resumed: false });
    expect(csvRows(report.files.csv).size).toBe(TOTAL);
    const summary = JSON.parse(readFileSync(report.files.summary, "utf8"));
    expect(summary).toMatchObject({ runId: report.runId, complete: true, items: TOTAL });
    expect(summary.cells).toHaveLength(1 + 3 * 2);
    const svg = readFileSync(report.files.svg, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    for (const label of ["self-consistency", "best-of-n", "beam", "greedy"]) expect(svg).toContain(`>${label}<`);
    expect(store.run(report.runId)).toMatchObject({ status: "done", items: TOTAL, outDir: out() });
    const { runId: _runId, complete: _complete, ...stored } = summary;
    expect(store.metrics(report.runId).summary).toEqual(stored);
    // The setting for the plot's caption, and one panel per difficulty level of the fake problems.
    expect(stored.setting).toMatchObject({ set: "fake.jsonl", problems: 3 });
    expect(stored.byDifficulty.map((g: { difficulty: string }) => g.difficulty)).toEqual(["1"]);
    // pass@N from every item's tree: each cell has all its items checked.
    for (const cell of stored.cells) expect(cell.passAtN?.items).toBe(cell.items);
    expect(store.tree(report.runId, "fake|a|beam|2")?.nodes.length).toBeGreaterThan(1);
  });

  it("after a cancel, resumes: skips the completed items, keeps their rows, and runs each remaining one once", async () => {
    const first = new AbortController();
    const seen: RunItem[] = [];
    const cut = await sweep({
      signal: first.signal,
      onItem: (item) => (seen.push(item), seen.length === 4 && first.abort()),
    });
    expect(cut).toMatchObject({ completed: 4, cancelled: true });
    expect(store.run(cut.runId).status).toBe("cancelled");
    const before = csvRows(cut.files.csv);
    expect(before.size).toBe(4);

    const again: RunItem[] = [];
    const resumed = await sweep({ onItem: (item) => again.push(item) });
    expect(resumed).toMatchObject({ runId: cut.runId, resumed: true, skipped: 4, completed: TOTAL - 4 });
    expect(again.map((i) => i.key).filter((k) => before.has(k))).toEqual([]);
    const after = csvRows(resumed.files.csv);
    expect(after.size).toBe(TOTAL);
    for (const [key, at] of before) expect(after.get(key)).toBe(at); // not recomputed
    expect(store.items(cut.runId)).toHaveLength(TOTAL);
    // The resumed items' pass@N comes from their trees in the store, so every item of every cell is counted.
    for (const cell of resumed.summary.cells) expect(cell.passAtN?.items).toBe(cell.items);
  });

  it("drops an item cut off in flight: nothing half-done is saved", async () => {
    const controller = new AbortController();
    // Cancelled while the first item's first policy call is in flight.
    const onCallWaiting = () => controller.abort();
    const report = await sweep({
      engines: engines(openPolicy({ delayMs: 30_000, onCallWaiting })),
      signal: controller.signal,
    });
    expect(report).toMatchObject({ completed: 0, cancelled: true });
    expect(store.items(report.runId)).toEqual([]);
    expect(csvRows(report.files.csv).size).toBe(0);
  });

  it("loads no model when rerun on a finished sweep", async () => {
    await sweep();
    opened = 0;
    const report = await sweep();
    expect(report).toMatchObject({ completed: 0, skipped: TOTAL });
    expect(opened).toBe(0);
  });

  it("runs only the new items when the grid grows, and reports the grid asked for", async () => {
    await sweep();
    const grown = await sweep({ config: { ...config, budgets: [1, 2, 4] } });
    expect(grown).toMatchObject({ skipped: TOTAL, completed: 3 * 3 });
    expect(csvRows(grown.files.csv).size).toBe(TOTAL + 9);
    const shrunk = await sweep({ config: { ...config, budgets: [1] } });
    expect(csvRows(shrunk.files.csv).size).toBe(3 * (1 + 3));
    expect(store.items(grown.runId)).toHaveLength(TOTAL + 9); // the store keeps them all
  });

  it("refuses to resume with settings that change what a result means, touching nothing", async () => {
    const first = await sweep();
    const csv = readFileSync(first.files.csv, "utf8");
    const error = await sweep({ config: { ...config, seed: 7 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepResumeError);
    expect(error).toMatchObject({ field: "seed" });
    const renamed = { ...config, policies: [{ name: "fake", profile: "/models/other.profile.json" }] };
    await expect(sweep({ config: renamed })).rejects.toMatchObject({ field: "policies" });
    const gated = { ...config, checkArithmetic: true };
    await expect(sweep({ config: gated })).rejects.toMatchObject({ field: "checkArithmetic" });
    expect(readFileSync(first.files.csv, "utf8")).toBe(csv);
    expect(store.run(first.runId)).toMatchObject({ status: "done", items: TOTAL });
  });

  it("samples every sampled item with the sweep's sampling, and refuses to resume with other sampling", async () => {
    const calls: FakePolicy[] = [];
    const recording: OpenPolicy = async () => {
      const policy = new FakePolicy(mathScript);
      calls.push(policy);
      return { policy, stepDelimiter: "\n", dispose: async () => {} };
    };
    const sampling = { temperature: 0.5, topK: 7, topP: 0.9, minP: 0.05 };
    await sweep({ config: { ...config, sampling }, engines: engines(recording) });
    const used = calls.flatMap((p) => p.calls).map((c) => ({ ...c.sampling, seed: undefined }));
    const sampled = used.filter((s) => s.temperature !== 0);
    expect(sampled.length).toBeGreaterThan(0);
    for (const s of sampled) expect(s).toEqual({ ...sampling, seed: undefined });
    const refused = sweep({ config: { ...config, sampling: { ...sampling, topP: 0.5 } } });
    await expect(refused).rejects.toMatchObject({ field: "sampling" });
    await expect(refused).rejects.toThrow(/holds a sweep run with top-p 0.9, not 0.5/);
  });

  it("resumes a sweep saved before sampling was kept only at the sampling it ran with", async () => {
    await sweep(); // `config` has no sampling: a sweep saved before it was kept
    const legacy = { temperature: 0.8, topK: 40, topP: 0.95, minP: 0 };
    expect(await sweep({ config: { ...config, sampling: legacy } })).toMatchObject({ resumed: true, completed: 0 });
    await expect(sweep({ config: { ...config, sampling: { ...legacy, topK: 0 } } })).rejects.toMatchObject({
      field: "sampling",
    });
  });

  it("refuses to resume when a model file changed at the same path (another fingerprint)", async () => {
    const withPrints: SweepConfig = {
      ...config,
      policies: [{ name: "fake", profile: "/models/fake.profile.json", fingerprint: "aaaa" }],
      prmFingerprint: "cccc",
    };
    const first = await sweep({ config: withPrints });
    const csv = readFileSync(first.files.csv, "utf8");
    const retrained = { ...withPrints, policies: [{ ...withPrints.policies[0]!, fingerprint: "bbbb" }] };
    await expect(sweep({ config: retrained })).rejects.toThrow(/another model than \/models\/fake\.profile\.json/);
    await expect(sweep({ config: { ...withPrints, prmFingerprint: "dddd" } })).rejects.toMatchObject({ field: "prm" });
    expect(readFileSync(first.files.csv, "utf8")).toBe(csv);
    expect(await sweep({ config: withPrints })).toMatchObject({ resumed: true, completed: 0, skipped: TOTAL });
  });

  it("starts a new run when the output folder was deleted, instead of resuming the old one", async () => {
    const first = await sweep();
    rmSync(out(), { recursive: true });
    const again = await sweep();
    expect(again).toMatchObject({ resumed: false, skipped: 0, completed: TOTAL });
    expect(again.runId).not.toBe(first.runId);
    expect(csvRows(again.files.csv).size).toBe(TOTAL);
  });

  it("refuses an output folder another live sweep is writing", async () => {
    const live = store.createRun({ kind: "sweep", config, outDir: out() }); // status running, this process's pid
    await expect(sweep()).rejects.toThrow(`is being written by another running sweep (run ${live})`);
    expect(store.items(live)).toEqual([]);
  });

  it("refuses an output folder holding results this store has no record of", async () => {
    writeFileSync(join(dir, "results.csv"), "precious,results\n");
    const error = await sweep({ outDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepResumeError);
    expect(readFileSync(join(dir, "results.csv"), "utf8")).toBe("precious,results\n");
    expect(store.listRuns()).toEqual([]);
  });

  it("marks the run failed when a search throws, keeping what completed", async () => {
    let calls = 0;
    const failing: OpenPolicy = async () => ({
      policy: {
        expand: (...args: Parameters<FakePolicy["expand"]>) =>
          ++calls > 12 ? Promise.reject(new Error("engine fell over")) : new FakePolicy(mathScript).expand(...args),
        rollout: (...args: Parameters<FakePolicy["rollout"]>) => new FakePolicy(mathScript).rollout(...args),
      },
      stepDelimiter: "\n",
      dispose: async () => {},
    });
    await expect(sweep({ engines: engines(failing) })).rejects.toThrow("engine fell over");
    const [run] = store.listRuns();
    expect(run).toMatchObject({ status: "failed", error: "engine fell over" });
    expect(run?.items).toBeGreaterThan(0);
    expect(csvRows(join(out(), "results.csv")).size).toBe(run?.items);
    expect(existsSync(join(out(), "summary.json"))).toBe(true);
  });
});
