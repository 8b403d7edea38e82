import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readResultsCsv } from "../../src-main/core/experiments/readResultsCsv.js";
import { EMBEDDED, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { startLlamaServer, type LlamaServer } from "../../src-main/core/remote/llamaServerProcess.js";
import type { RunItem } from "../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";
import { describeWithLlamaServer } from "../helpers/llamaServerTests.js";

/*
 * `mull sweep --backends` against two real llama-server processes serving the embedded 6M policy, one of them
 * killed (SIGKILL) while it has an item in flight; then the same sweep in-process at temperature 0 must give the
 * same answers and steps. Skipped without a llama-server binary (npm run llama-server:build), failed for it in CI.
 */
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const MODEL = join(projectDir, "models/mull-policy-6m.gguf");
const PROBLEMS = 6;
const BUDGETS = [1, 2];
// per problem: greedy once, then beam, self-consistency and best-of-n (baselines always added) per budget
const TOTAL = PROBLEMS * (1 + 3 * BUDGETS.length);

let dir: string;
let set: string;
let env: NodeJS.ProcessEnv;
const servers: LlamaServer[] = [];

/** A llama-server on 127.0.0.1 with one thread, remembered so afterAll stops it whatever happens. */
async function server(onLog?: (line: string) => void): Promise<LlamaServer> {
  const s = await startLlamaServer({ model: MODEL, threads: 1, slots: 4, ...(onLog && { onLog }) });
  servers.push(s);
  return s;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole command, model loads included. */
  ms: number;
}

/**
 * Runs `mull sweep` with `args`; `onStderr` sees each stderr chunk as it comes, `onSpawn` the process (to signal it).
 */
function sweep(
  args: string[],
  onStderr?: (text: string, child: ChildProcess) => void,
  onSpawn?: (child: ChildProcess) => void,
): Promise<Finished> {
  const sweepArgs = ["sweep", "--set", set, "--strategies", "greedy,beam", "--budgets", BUDGETS.join(",")];
  const child = spawn(process.execPath, [bin, ...sweepArgs, "--temperature", "0", "--prm", EMBEDDED.prm, ...args], {
    cwd: projectDir,
    env,
  });
  onSpawn?.(child);
  let stdout = "";
  let stderr = "";
  const started = performance.now();
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(d.toString(), child);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** results.csv of `out` by key; fails on a key seen twice. */
function csvByKey(out: string): Map<string, RunItem> {
  const rows = readResultsCsv(readFileSync(join(out, "results.csv"), "utf8"));
  const byKey = new Map<string, RunItem>();
  for (const row of rows) {
    expect(byKey.has(row.key), `results.csv has ${row.key} twice`).toBe(false);
    byKey.set(row.key, row);
  }
  return byKey;
}

/** The stored items (with their paths) of the sweep that wrote `out`. */
function storedItems(out: string): Map<string, RunItem> {
  const store = RunStore.open({ file: join(dir, "data", "mull.db") });
  try {
    const run = store.sweepForOutDir(out);
    return new Map(store.items(run?.id ?? -1).map((i) => [i.key, i]));
  } finally {
    store.close();
  }
}

/** Counts the requests a server starts (llama-server logs a line per task it launches in a slot). */
const LAUNCH = /launch_slot_.*processing task/;

describeWithLlamaServer("mull sweep --backends across two real llama-server processes", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mull-sharded-"));
    env = { ...process.env, MULL_DATA_DIR: join(dir, "data") };
    set = join(dir, "set.jsonl");
    const lines = readFileSync(PROBLEM_SETS.test, "utf8").split("\n").slice(0, PROBLEMS);
    writeFileSync(set, lines.join("\n") + "\n");
  });

  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("kills one engine mid-sweep: nothing is lost, its items in flight run on the other, results match in-process", async () => {
    let launchedOnB = 0;
    const toKill: { server?: LlamaServer } = {};
    // B is killed when it starts its 20th request: an item is in flight on it then, and most of the sweep is left.
    const onLogB = (line: string) => {
      if (LAUNCH.test(line) && ++launchedOnB === 20) toKill.server?.kill();
    };
    const [a, b] = await Promise.all([server(), server(onLogB)]);
    toKill.server = b;
    const out = join(dir, "sharded");
    const run = await sweep(["--out", out, "--backends", `${a.url},${b.url}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(await b.exited).toBeNull(); // killed by the signal, not exited by itself

    // The sweep said which backend it dropped, and which of its items in flight it sent to the other.
    const dropped = new RegExp(
      `mull: backend ${b.url} dropped: policy server ${b.url} [^\\n]*; (\\d+) items? in flight there goe?s? to another backend \\(([^)]*)\\)\\n`,
    ).exec(run.stderr);
    expect(dropped, run.stderr).not.toBeNull();
    const lost = Number(dropped?.[1]);
    const requeued = (dropped?.[2] ?? "").split(", ");
    expect(lost).toBeGreaterThanOrEqual(1);
    expect(requeued).toHaveLength(lost);

    // Every item exactly once, in results.csv, the lost ones included.
    const rows = csvByKey(out);
    expect(rows.size).toBe(TOTAL);
    for (const key of requeued) expect(rows.has(key), key).toBe(true);
    expect(run.stdout).toContain(`${TOTAL} items run, 0 already done`);

    // The summary names both backends: B dropped with its items lost, A having run those (B was gone by then).
    const lineOf = (url: string) => run.stdout.split("\n").find((l) => l.trim().startsWith(url)) ?? "";
    const retried = Number(/Backends: 2, (\d+) items? retried after a backend failed/.exec(run.stdout)?.[1]);
    expect(retried).toBeGreaterThanOrEqual(lost);
    const [onA, onB] = [lineOf(a.url), lineOf(b.url)];
    expect(onB).toMatch(new RegExp(`dropped \\((died|unreachable)\\), ${lost} items? in flight retried elsewhere`));
    expect(Number(/\((\d+) retried here\)/.exec(onA)?.[1])).toBeGreaterThanOrEqual(lost);
    expect(onA).not.toContain("dropped");
    const ran = (line: string) => Number(/ (\d+) items?/.exec(line)?.[1]);
    expect(ran(onA) + ran(onB)).toBe(TOTAL);
    expect(ran(onB)).toBeGreaterThanOrEqual(1);

    // The same sweep in-process (no --backends) at temperature 0: the same answers, the same steps, the same PRM
    // scores (the PRM runs locally either way), item by item.
    const local = join(dir, "local");
    const inProcess = await sweep(["--out", local]);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const [remoteItems, localItems] = [storedItems(out), storedItems(local)];
    // The figures for the record (machine load varies: not asserted).
    const seconds = (f: Finished) => (f.ms / 1000).toFixed(1);
    console.log(`${TOTAL} items: two llama-servers (one killed) ${seconds(run)} s, in-process ${seconds(inProcess)} s`);
    console.log(run.stdout.slice(run.stdout.indexOf("Backends:"), run.stdout.indexOf("Wrote")));
    expect(localItems.size).toBe(TOTAL);
    for (const [key, item] of localItems) {
      const remote = remoteItems.get(key);
      expect(remote?.answer, key).toBe(item.answer);
      expect(remote?.correct, key).toBe(item.correct);
      expect(
        remote?.path.map((s) => s.text),
        key,
      ).toEqual(item.path.map((s) => s.text));
      remote?.path.forEach((s, i) => {
        const want = item.path[i]?.score ?? null;
        if (want === null) expect(s.score, key).toBeNull();
        else expect(s.score, key).toBeCloseTo(want, 5);
      });
    }

    // A rerun into the same --out resumes: nothing is run again, every row keeps its time.
    const rerun = await sweep(["--out", out, "--backends", `${a.url},${b.url}`]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`0 items run, ${TOTAL} already done`);
    const again = csvByKey(out);
    for (const [key, row] of rows) expect(again.get(key)?.completedAt).toBe(row.completedAt);
  });

  it("every backend gone: one line naming them, a non-zero exit, the finished items kept and resumed later", async () => {
    let launched = 0;
    const toKill: { server?: LlamaServer } = {};
    const onLog = (line: string) => {
      if (LAUNCH.test(line) && ++launched === 20) toKill.server?.kill();
    };
    const a = await server(onLog);
    toKill.server = a;
    // The other backend was never there: a port nothing listens on (the killed server's, now free).
    const gone = await server();
    gone.kill();
    await gone.exited;
    const out = join(dir, "partial");
    const failed = await sweep(["--out", out, "--backends", `${a.url},${gone.url}`]);
    expect(failed.code, failed.stderr).toBe(1);
    const lines = failed.stderr.split("\n").filter((l) => l.startsWith("mull: every backend is gone"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`policy server ${a.url}`);
    expect(lines[0]).toContain(`policy server ${gone.url} is not reachable`);
    const kept = csvByKey(out);
    expect(kept.size).toBeGreaterThanOrEqual(1);
    expect(kept.size).toBeLessThan(TOTAL);
    expect(lines[0]).toContain(`the ${kept.size} item${kept.size === 1 ? "" : "s"} finished in this run are kept`);

    // Restarted engines (a new server): the rerun runs only what is missing, and keeps what was there.
    const back = await server();
    const resumed = await sweep(["--out", out, "--backends", back.url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${TOTAL - kept.size} items run, ${kept.size} already done`);
    const all = csvByKey(out);
    expect(all.size).toBe(TOTAL);
    for (const [key, row] of kept) expect(all.get(key)?.completedAt).toBe(row.completedAt);
  });

  /** What a sweep cancelled by SIGINT must have said and kept: the cancel lines, the report, exit 130. */
  function expectCancelled(run: Finished, out: string, url: string): number {
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain("mull: cancelling (press Ctrl-C again to quit at once)\n");
    expect(run.stderr).toContain("mull: sweep cancelled; rerun the same command to resume\n");
    const ran = /Run \d+: (\d+) items run, 0 already done/.exec(run.stdout);
    expect(ran, run.stdout).not.toBeNull();
    const n = Number(ran?.[1]);
    expect(n).toBeLessThan(TOTAL);
    expect(run.stdout).toContain("Backends: 1,");
    expect(csvByKey(out).size).toBe(n);
    // summary.json says which backend ran what (results.csv cannot).
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      backends?: { endpoint: string; items: number; dropped: unknown }[];
    };
    expect(summary.backends).toEqual([expect.objectContaining({ endpoint: url, items: n, dropped: null })]);
    return n;
  }

  it("Ctrl-C on the first progress line, before any item finished: the cancel line, the report, exit 130", async () => {
    const a = await server();
    const out = join(dir, "cancelled-early");
    let sent = false;
    const run = await sweep(["--out", out, "--backends", a.url], (text, child) => {
      if (!sent && /sweep .*0\/\d+ items/.test(text)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    expect(sent, run.stderr).toBe(true);
    expectCancelled(run, out, a.url);
  });

  it("Ctrl-C once the server starts the first request: the item in flight is dropped, a rerun resumes", async () => {
    const holder: { child?: ChildProcess; sent?: boolean } = {};
    const a = await server((line) => {
      if (LAUNCH.test(line) && holder.child && !holder.sent) {
        holder.sent = true;
        holder.child.kill("SIGINT");
      }
    });
    const out = join(dir, "cancelled-in-flight");
    const run = await sweep(["--out", out, "--backends", a.url], undefined, (child) => (holder.child = child));
    expect(holder.sent, run.stderr).toBe(true);
    const n = expectCancelled(run, out, a.url);
    const resumed = await sweep(["--out", out, "--backends", a.url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${TOTAL - n} items run, ${n} already done`);
    expect(csvByKey(out).size).toBe(TOTAL);
  });
});
