import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MULL_API } from "../../src-main/api/mullApi.js";
import type { RunEvent } from "../../src-main/api/RunEvent.js";
import { MullApp } from "../../src-main/app/MullApp.js";

// A cold start as a person meets it: the real app, its engine child process, the embedded GGUF policy and ONNX
// PRM. Nothing is loaded before the first run, so it must report the load before its first node.
let app: MullApp;
/** The first test's time to the first node, models loaded from cold. */
let coldFirstNodeMs = 0;
const projectDir = join(import.meta.dirname, "../..");

beforeAll(() => {
  process.env.MULL_DATA_DIR = mkdtempSync(join(tmpdir(), "mull-load-progress-"));
  app = new MullApp({ mode: "browser", version: "test" });
});
afterAll(async () => {
  await app?.close();
  delete process.env.MULL_DATA_DIR;
});

/** Runs a beam search on the app and resolves to every event it streamed, through `finished`. */
async function solve(): Promise<RunEvent[]> {
  const input = MULL_API.startSolve.input.parse({
    problem: "Solve for x: 2x + 3 = 7",
    search: { strategy: "beam", n: 4 },
  });
  const { runId } = await app.startSolve(input);
  return new Promise((resolve) => {
    const events: RunEvent[] = [];
    app.subscribe(runId, (event) => {
      events.push(event);
      if (event.type === "finished") resolve(events);
    });
  });
}

describe("model loading is reported before the first node", () => {
  it("streams the policy's and the PRM's load, stage by stage, then the time to the first node", async () => {
    const events = await solve();
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
    const firstNode = events.findIndex((e) => e.type === "first-node");
    const firstTree = events.findIndex((e) => e.type === "tree");
    expect(firstNode).toBeGreaterThan(0);
    expect(firstTree).toBe(firstNode + 1);

    const loads = events.flatMap((e, i) => (e.type === "loading" ? [{ ...e, i }] : []));
    const policy = loads.filter((e) => e.model === "mull-policy-6m");
    const prm = loads.filter((e) => e.model === "mull-prm");
    // Every stage of the policy's cold load, in order, with the fraction never going back.
    const stages = [...new Set(policy.map((e) => e.progress.stage))];
    expect(stages).toEqual(["starting", "bindings", "weights", "context", "ready"]);
    const fractions = policy.map((e) => e.progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    // llama.cpp's own progress through the weights (node-llama-cpp's onLoadProgress), between the stage's ends.
    expect(policy.some((e) => e.progress.stage === "weights" && e.progress.fraction > 0.6)).toBe(true);
    // The PRM loads too (beam scores): onnxruntime reads its weights, from start to ready.
    expect(prm.map((e) => e.progress.stage)).toEqual(["weights", "ready"]);
    // All of it before the first node, whose time includes the loads.
    expect(Math.max(...loads.map((e) => e.i))).toBeLessThan(firstNode);
    coldFirstNodeMs = (events[firstNode] as Extract<RunEvent, { type: "first-node" }>).ms;
    expect(coldFirstNodeMs).toBeGreaterThan(0);
  });

  it("says nothing about loading when the models are already loaded, and the first node comes sooner", async () => {
    const warm = await solve();
    expect(warm.filter((e) => e.type === "loading")).toEqual([]);
    const ms = (warm.find((e) => e.type === "first-node") as { ms: number }).ms;
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(coldFirstNodeMs); // the cold start's time included loading both models
  });
});

describe("mull solve reports loading on a terminal and warns about a cap", () => {
  const env = () => ({ ...process.env, MULL_DATA_DIR: mkdtempSync(join(tmpdir(), "mull-load-cli-")) });
  const args = ["solve", "Compute 3 + 4.", "--strategy", "best-of-n", "--n", "64", "--max-tokens", "300"];
  const warning =
    "warning: 64 samples of ~67 tokens need about 4,300 generated tokens; the cap is 300, so most samples will " +
    "not finish. Raise the generated-tokens cap or lower n.";

  it("on a terminal: the warning, each load stage redrawn in place and erased, then the time to the first node", () => {
    // util-linux `script` gives the CLI a real terminal, as a person's shell would.
    const command = [process.execPath, join(projectDir, "bin/mull.mjs"), ...args].map((a) => JSON.stringify(a));
    const r = spawnSync("script", ["-qfec", command.join(" "), "/dev/null"], {
      cwd: projectDir,
      encoding: "utf8",
      env: env(),
      timeout: 120_000,
    });
    expect(r.status, r.stdout).toBe(0);
    // Each redraw starts by erasing the line (carriage return, ESC [2K), shown here as ⟲ to read the screen.
    const screen = r.stdout.replaceAll("\r\u001b[2K", "⟲");
    expect(screen).toContain(warning);
    expect(screen).toContain("Loading mull-policy-6m (0%): starting the engine…");
    expect(screen).toMatch(/⟲Loading mull-policy-6m \(\d+%\): loading llama\.cpp…/);
    expect(screen).toMatch(/⟲Loading mull-policy-6m \(\d+%\): reading the weights…/);
    // The load line is erased before the lasting line, which comes after every load.
    const first = screen.search(/⟲first node after \d+(\.\d)? m?s\r?\n/);
    expect(first).toBeGreaterThan(screen.lastIndexOf("Loading mull-policy-6m"));
  });

  it("in a pipe or a log: only the warning, so a failure still reads as one line", () => {
    const r = spawnSync(process.execPath, [join(projectDir, "bin/mull.mjs"), ...args], {
      cwd: projectDir,
      encoding: "utf8",
      env: env(),
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`${warning}\n`);
  });
});
