import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";

const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const PROBLEMS = 8;
const BUDGETS = [1, 2, 4];
// per problem: greedy once, then beam, self-consistency and best-of-n (the baselines are always added) per budget
const TOTAL = PROBLEMS * (1 + 3 * BUDGETS.length);

let dir: string;
let out: string;
let args: string[];
let env: NodeJS.ProcessEnv;

/** results.csv as key → completed_at; fails on a key seen twice. */
function csvRows(): Map<string, string> {
  const file = join(out, "results.csv");
  if (!existsSync(file)) return new Map();
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const cols = (header ?? "").split(",");
  const rows = new Map<string, string>();
  for (const line of lines) {
    const f = line.split(",");
    const at = (name: string) => f[cols.indexOf(name)] ?? "";
    const key = `${at("policy")}|${at("problem_id")}|${at("strategy")}|${at("budget") || "-"}`;
    if (rows.has(key)) throw new Error(`results.csv has ${key} twice`);
    rows.set(key, at("completed_at"));
  }
  return rows;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-sweep-kill-"));
  out = join(dir, "out");
  env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
  const set = join(dir, "set.jsonl");
  writeFileSync(set, readFileSync(PROBLEM_SETS.test, "utf8").split("\n").slice(0, PROBLEMS).join("\n") + "\n");
  args = [bin, "sweep", "--set", set, "--strategies", "greedy,beam", "--budgets", BUDGETS.join(","), "--out", out,
    "--policies", join(projectDir, "models/mull-policy-2m.profile.json"),
    "--prm", join(projectDir, "test/fixtures/prm-formats/token-score-gguf.profile.json")]; // prettier-ignore
});

describe("mull sweep killed with SIGKILL, then rerun into the same --out", () => {
  it("loses only the item in flight and never recomputes a completed one", async () => {
    // Killed once results.csv holds 3 rows: each row appended is a change event on the folder, whatever the load.
    mkdirSync(out, { recursive: true });
    const watcher = watch(out);
    const child = spawn(process.execPath, args, { cwd: projectDir, env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      watcher.on("change", () => csvRows().size >= 3 && resolve());
      void exited.then(() => reject(new Error("the sweep ended before it could be killed")));
    }).finally(() => watcher.close());
    child.kill("SIGKILL");
    await exited;
    const before = csvRows();
    expect(before.size).toBeLessThan(TOTAL);

    // The store holds every committed item, at least the rows written to results.csv.
    const store = RunStore.open({ file: join(dir, "data", "mull.db") });
    const [run] = store.listRuns();
    expect(run).toMatchObject({ kind: "sweep", status: "interrupted", outDir: out });
    const stored = store.itemKeys(run?.id ?? 0);
    store.close();
    for (const key of before.keys()) expect(stored.has(key)).toBe(true);
    expect(stored.size - before.size).toBeLessThanOrEqual(1);

    const rerun = spawnSync(process.execPath, args, { cwd: projectDir, env, encoding: "utf8", timeout: 300_000 });
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain(`${TOTAL - stored.size} items run, ${stored.size} already done`);
    const after = csvRows();
    expect(after.size).toBe(TOTAL);
    for (const [key, completedAt] of before) expect(after.get(key)).toBe(completedAt);

    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ complete: true, items: TOTAL });
    const strategies = new Set(summary.cells.map((c: { strategy: string }) => c.strategy));
    expect(strategies).toEqual(new Set(["greedy", "beam", "self-consistency", "best-of-n"]));
    expect(readFileSync(join(out, "scaling.svg"), "utf8")).toMatch(/^<svg[^]*>best-of-n<[^]*>self-consistency</);
    // The run history lists the sweep as done with every item (its JSON rows are the table's data).
    const runs = spawnSync(process.execPath, [bin, "runs", "list", "--json"], {
      cwd: projectDir,
      env,
      encoding: "utf8",
    });
    const listed = (JSON.parse(runs.stdout) as { id: number; kind: string; status: string; problem: string }[]).find(
      (r) => r.id === run?.id,
    );
    expect(listed).toMatchObject({ kind: "sweep", status: "done" });
    expect(listed?.problem).toContain(`${TOTAL} items`);
  });
});
