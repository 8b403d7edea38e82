import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SweepSummary } from "../../src-main/core/experiments/summarizeSweep.js";
import { PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";

const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
// Six problems of the test set: two of each difficulty level (the set cycles through levels 1, 2, 3).
const PROBLEMS = 6;
// Greedy once; MCTS, self-consistency and best-of-n at budgets 1 and 4. MCTS is here because its answer can come
// from a rollout that is no tree node: pass@N must count it all the same.
const TOTAL = PROBLEMS * (1 + 3 * 2);

let dir: string;
let out: string;
let env: NodeJS.ProcessEnv;
const run = (...flags: string[]) =>
  spawnSync(process.execPath, [bin, "sweep", "--set", join(dir, "set.jsonl"), "--out", out, ...flags], {
    cwd: projectDir,
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
const common = ["--strategies", "greedy,mcts", "--budgets", "1,4", "--policies", "models/mull-policy-6m.profile.json"];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-scaling-plot-"));
  out = join(dir, "out");
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
  const lines = readFileSync(PROBLEM_SETS.test, "utf8").split("\n").slice(0, PROBLEMS);
  writeFileSync(join(dir, "set.jsonl"), lines.join("\n") + "\n");
});

describe("mull sweep's scaling.svg on the embedded models", () => {
  it("draws greedy, pass@N from the trees, intervals, the setting and a panel per level; --x redraws it", () => {
    const first = run(...common, "--temperature", "0.9");
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`${TOTAL} items run, 0 already done`);
    expect(first.stdout).toMatch(/accuracy\s+95% interval\s+any right/); // the CLI's table says them too

    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as SweepSummary;
    const greedy = summary.cells.find((c) => c.strategy === "greedy");
    expect(greedy?.items).toBe(PROBLEMS);
    for (const cell of summary.cells) {
      // Every item's tree was checked, and the interval holds the accuracy.
      expect(cell.passAtN?.items).toBe(cell.items);
      expect(cell.interval!.low).toBeLessThanOrEqual(cell.accuracy);
      expect(cell.interval!.high).toBeGreaterThanOrEqual(cell.accuracy);
      // The chosen answer counts as reached (a tree node's, or an MCTS rollout's): pass@N is never below accuracy.
      expect(cell.passAtN!.rate).toBeGreaterThanOrEqual(cell.accuracy);
    }
    expect(summary.byDifficulty?.map((g) => [g.difficulty, g.problems])).toEqual([
      ["1", 2],
      ["2", 2],
      ["3", 2],
    ]);
    expect(summary.setting).toMatchObject({ set: "set.jsonl", problems: PROBLEMS, prm: "mull-prm" });

    const svg = readFileSync(join(out, "scaling.svg"), "utf8");
    expect(svg).toContain(`greedy ${(100 * greedy!.accuracy).toFixed(1)}%`);
    expect(svg).toContain("pass@N (any sample right)");
    expect(svg).toContain("policy mull-policy-6m · PRM mull-prm (no gate) · set.jsonl set, all 6 problems");
    expect(svg).toContain("sampling: temperature 0.9, top-k 40, top-p 0.95, min-p 0 · seed 0");
    expect(svg).toContain("difficulty 3 (2 problems)");
    expect(svg).toContain("mean generated tokens per problem (log scale)");
    // Vega-Lite names each layer's marks after it: the greedy rule and the error bars (a rule and two ticks).
    expect(svg).toContain("greedy_line_marks");
    expect(svg).toMatch(/mark-rule role-mark intervals_layer_\d_marks/);

    // Another x: nothing is run again, the plot is redrawn on wall time.
    const again = run(...common, "--temperature", "0.9", "--x", "wall-time");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`0 items run, ${TOTAL} already done`);
    const timed = readFileSync(join(out, "scaling.svg"), "utf8");
    expect(timed).toContain("mean wall time per problem, seconds (log scale)");
    expect(timed).toContain("Accuracy vs wall time");

    const bad = run(...common, "--x", "tokens");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("tokens");
    expect(bad.stderr).toContain("generated-tokens");
  }, 900_000);
});
