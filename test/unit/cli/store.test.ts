import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SweepConfig } from "../../../src-main/core/experiments/SweepConfig.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { mull } from "./cliHelpers.js";

let dir: string;
let outDir: string;
let runId: number;

const item = (key: string, correct: boolean): RunItem => ({
  key,
  problemId: key,
  problem: `Problem ${key}`,
  strategy: "beam",
  budget: 2,
  policy: "mull-policy-2m",
  reference: "42",
  answer: correct ? "42" : "41",
  correct,
  score: 0.75,
  stoppedBy: "complete",
  spent: { generatedTokens: 100, evaluatedTokens: 20, rewardCalls: 4, nodes: 5, ms: 33 },
  nonFiniteScores: 0,
  path: [{ text: "Answer: 42", score: 0.75 }],
  completedAt: "2026-11-22T04:00:00.000Z",
});

/** Everything the store holds, to compare before and after. */
function snapshot() {
  const store = RunStore.open();
  try {
    return store.listRuns().map((run) => ({ run, items: store.items(run.id), metrics: store.metrics(run.id) }));
  } finally {
    store.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-cli-store-"));
  process.env.MULL_DATA_DIR = join(dir, "data");
  outDir = join(dir, "sweep-out");
  const config: SweepConfig = {
    set: "test",
    problemFile: join(dir, "set.jsonl"),
    limit: null,
    strategies: ["beam", "self-consistency", "best-of-n"],
    budgets: [2],
    policies: [{ name: "mull-policy-2m", profile: join(dir, "p.profile.json") }],
    prm: join(dir, "r.profile.json"),
    seed: 0,
    caps: {},
  };
  const store = RunStore.open();
  runId = store.createRun({ kind: "sweep", config, outDir });
  mkdirSync(outDir); // what the sweep wrote: a folder without results.csv would be a fresh start, not a resume
  writeFileSync(join(outDir, "results.csv"), "policy,problem_id,strategy,budget\n");
  store.saveItem(runId, item("a", true));
  store.saveItem(runId, item("b", false));
  store.setMetric(runId, "summary", { accuracy: 0.5 });
  store.finishRun(runId, "done");
  store.close();
});
afterAll(() => {
  delete process.env.MULL_DATA_DIR;
});

describe("saved runs through the CLI", () => {
  it("lists, shows and exports them", async () => {
    const list = await mull("runs");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${runId}\\s+sweep\\s+done\\s`, "m"));
    const show = await mull("runs", "show", String(runId));
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("41");
    const csv = await mull("runs", "export", String(runId), "--format", "csv");
    expect(csv.stdout.trim().split("\n")).toHaveLength(3);
    expect(csv.stdout.split("\n")[2]).toMatch(/^mull-policy-2m,b,beam,2,false,41,42,/);
    const json = JSON.parse((await mull("runs", "export", String(runId))).stdout);
    expect(json.run.id).toBe(runId);
    expect(json.items.map((i: RunItem) => i.key)).toEqual(["a", "b"]);
    expect(json.metrics).toEqual({ summary: { accuracy: 0.5 } });
  });

  it("survive failing commands: nothing saved is deleted or changed", async () => {
    const before = snapshot();
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, "not json\n");
    const failures = [
      ["solve", "x", "--strategy", "nope"],
      ["solve", "x", "--policy", join(dir, "missing.gguf")],
      ["sweep", "--set", bad, "--out", outDir],
      // a different seed into the sweep's own folder: refused, the sweep untouched
      ["sweep", "--set", "test", "--out", outDir, "--seed", "9", "--policies", join(dir, "missing.gguf")],
      ["runs", "show", "999"],
      ["runs", "export", String(runId), "--format", "xml"],
    ];
    for (const args of failures) {
      const r = await mull(...args);
      expect(r.code, args.join(" ")).toBeGreaterThan(0);
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuses to resume a sweep with a different seed, naming the setting", async () => {
    const profiles = join(dir, "p.gguf");
    writeFileSync(profiles, "");
    writeFileSync(join(dir, "r.onnx"), "");
    writeFileSync(
      join(dir, "p.profile.json"),
      JSON.stringify({ kind: "policy", model: "p.gguf", prompt: "{problem}", answerPattern: "x" }),
    );
    writeFileSync(
      join(dir, "r.profile.json"),
      JSON.stringify({
        kind: "prm",
        model: "r.onnx",
        prompt: "{problem}",
        tokenizer: { format: "gguf", path: "p.gguf" },
      }),
    );
    const set = join(dir, "set.jsonl");
    writeFileSync(
      set,
      JSON.stringify({ id: "a", family: "linear-equation", difficulty: 1, problem: "p", answer: "42", solution: "" }) +
        "\n",
    );
    const before = snapshot();
    const r = await mull("sweep", "--set", set, "--out", outDir, "--seed", "9", "--budgets", "2", "--strategies",
      "beam", "--policies", join(dir, "p.profile.json"), "--prm", join(dir, "r.profile.json")); // prettier-ignore
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/: holds a sweep run with seed 0, not 9; use another --out, or the same --seed$/);
    expect(snapshot()).toEqual(before);
  });
});
