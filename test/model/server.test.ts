import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { RunEvent } from "../../src-main/api/RunEvent.js";
import { MullApp } from "../../src-main/app/MullApp.js";
import { startServer, type RunningServer } from "../../src-main/server/startServer.js";

// The real app (embedded models in the engine process, the SQLite store in a temporary data folder) behind the
// real server on a free port, driven over HTTP and WebSocket as the browser renderer drives it.
let app: MullApp;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  process.env.MULL_DATA_DIR = mkdtempSync(join(tmpdir(), "mull-server-model-"));
  app = new MullApp({ mode: "browser", version: "test" });
  server = await startServer({ app, rendererDir: join(import.meta.dirname, "../../out/renderer"), port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  await app?.close();
  delete process.env.MULL_DATA_DIR;
});

/** A reply's JSON, loosely typed: each test's assertions are what check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(method: string, input: unknown, token: string | null = server.token) {
  const res = await fetch(`${base}/api/call/${method}`, {
    method: "POST",
    headers: token === null ? {} : { "x-mull-token": token },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: Json; error?: Json } };
}

/**
 * Opens a run's event socket; `events` fills as they arrive, `closed` resolves once the server closes it, and
 * `first(test)` resolves with the first event that passes the test (or rejects if the socket closes first).
 */
function watch(runId: number) {
  const events: RunEvent[] = [];
  const waiting = new Set<{ test: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }>();
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs/${runId}/events?token=${server.token}`);
  ws.on("message", (data) => {
    const event = JSON.parse(String(data)) as RunEvent;
    events.push(event);
    for (const w of waiting) {
      if (!w.test(event)) continue;
      waiting.delete(w);
      w.resolve(event);
    }
  });
  const closed = new Promise<RunEvent[]>((resolve, reject) => {
    ws.on("close", () => resolve(events));
    ws.on("error", reject);
  });
  const first = (test: (e: RunEvent) => boolean) =>
    new Promise<RunEvent>((resolve, reject) => {
      const seen = events.find(test);
      if (seen) return resolve(seen);
      waiting.add({ test, resolve });
      void closed.then(() => reject(new Error(`run ${runId} ended without the event waited for`)));
    });
  return { events, closed, first };
}

describe("browser mode on the real embedded models", () => {
  it("refuses a call and a socket without the token", async () => {
    expect((await call("listRuns", {}, null)).status).toBe(401);
    const status = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs/1/events`);
      ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
      ws.on("open", () => resolve("open"));
      ws.on("error", () => resolve("error"));
    });
    expect(status).toBe("401");
  });

  it("lists the embedded models and the test problems", async () => {
    const models = await call("listModels", {});
    expect(models.status).toBe(200);
    const names = (models.body.value as { name: string; path: string }[]).map((m) => m.path.split("/").pop());
    expect(names).toEqual(expect.arrayContaining(["mull-policy-6m.gguf", "mull-policy-2m.gguf", "mull-prm.onnx"]));
    const problems = await call("listProblems", { set: "test", limit: 3 });
    expect(problems.body.value).toHaveLength(3);
    expect(Object.keys(problems.body.value[0]).sort()).toEqual(["answer", "difficulty", "family", "id", "problem"]);
  });

  it("streams a beam search's tree as it grows, then its result and the end, and saves the run", async () => {
    const started = await call("startSolve", {
      problem: "Solve for x: 2x + 3 = 7",
      search: { strategy: "beam", n: 8, width: 4 },
    });
    expect(started.status).toBe(200);
    const { runId } = started.body.value as { runId: number };
    const events = await watch(runId).closed;
    const types = events.map((e) => e.type);
    expect(types.at(-1)).toBe("finished");
    expect(types.at(-2)).toBe("result");
    // Before its tree, a cold run says what it loads, then when its first node came (run status, part 4).
    const firstTree = types.indexOf("tree");
    expect(types.slice(0, firstTree - 1).every((t) => t === "loading")).toBe(true);
    expect(types[firstTree - 1]).toBe("first-node");
    expect(types.slice(firstTree, -2).every((t) => t === "tree")).toBe(true);
    const added = events.filter((e) => e.type === "tree" && e.event.type === "node-added");
    // Every sample streams as one event: a new node, or one more count on an identical sibling (node-counted).
    const counted = events.filter((e) => e.type === "tree" && e.event.type === "node-counted");
    expect(added.length + counted.length).toBeGreaterThanOrEqual(8);
    const result = events.at(-2) as Extract<RunEvent, { type: "result" }>;
    expect(result.column).toBe(0);
    expect(result.result.answer).toBe("2");
    expect(result.tokensPerSecond).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ type: "finished", status: "done" });

    const runs = (await call("listRuns", {})).body.value as { id: number; kind: string; status: string }[];
    expect(runs.find((r) => r.id === runId)).toMatchObject({ kind: "solve", status: "done" });
    const detail = (await call("getRun", { runId })).body.value;
    expect(detail.items).toHaveLength(1);
    expect(detail.items[0].answer).toBe("2");
    expect(detail.trees.solve.nodes.length).toBe(added.length + 1);
    const csv = (await call("exportRun", { runId, format: "csv" })).body.value;
    expect(csv.fileName).toBe(`mull-run-${runId}.csv`);
    expect(csv.content.split("\n")[1]).toMatch(/^mull-policy-6m,,beam,/);
  });

  it("cancels a running MCTS search promptly, keeping what it found", async () => {
    const started = await call("startSolve", {
      problem: "Compute (7 + 5) * 3 - 4.",
      search: { strategy: "mcts", iterations: 4096 },
    });
    const { runId } = started.body.value as { runId: number };
    const run = watch(runId);
    await run.first((e) => e.type === "tree" && e.event.type === "node-added");
    const asked = Date.now();
    expect((await call("cancelRun", { runId })).body.value).toEqual({ cancelled: true });
    const events = await run.closed;
    expect(Date.now() - asked).toBeLessThan(5000);
    const result = events.find((e) => e.type === "result") as Extract<RunEvent, { type: "result" }>;
    expect(result.result.stoppedBy).toBe("cancelled");
    expect(events.at(-1)).toEqual({ type: "finished", status: "cancelled" });
    expect((await call("getRun", { runId })).body.value.run.status).toBe("cancelled");
    expect((await call("cancelRun", { runId })).body.value).toEqual({ cancelled: false });
  });

  it("runs search after search without piling abort listeners on a signal (no MaxListenersExceededWarning)", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      // A search hands its signal to every engine call it makes: 12 rollouts at once for self-consistency at n 12,
      // more than 10 one after another for a beam of 16; before the fix each call left a listener on it.
      for (const search of [
        { strategy: "self-consistency", n: 12 },
        { strategy: "beam", n: 16, width: 4 },
      ]) {
        const started = await call("startSolve", { problem: "Compute (7 + 5) * 3 - 4.", search });
        const events = await watch(started.body.value.runId).closed;
        expect(events.at(-1)).toEqual({ type: "finished", status: "done" });
      }
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning").map((w) => w.message)).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("compares two policies concurrently, one column each", async () => {
    const started = await call("startCompare", {
      problem: "Solve for x: 2x + 3 = 7",
      policies: ["mull-policy-6m", "mull-policy-2m"],
      search: { strategy: "greedy" },
      concurrent: true,
    });
    const events = await watch(started.body.value.runId).closed;
    const results = events.filter((e) => e.type === "result") as Extract<RunEvent, { type: "result" }>[];
    expect(results.map((r) => r.column).sort()).toEqual([0, 1]);
    const columns = new Set(events.flatMap((e) => (e.type === "tree" ? [e.column] : [])));
    expect([...columns].sort()).toEqual([0, 1]);
    expect(events.at(-1)).toEqual({ type: "finished", status: "done" });
  });

  it("runs a small sweep, sending each item and the summary so far", async () => {
    const started = await call("startSweep", {
      set: "test",
      limit: 1,
      strategies: ["greedy"],
      budgets: [1],
      policies: ["mull-policy-2m"],
    });
    expect(started.status).toBe(200);
    const events = await watch(started.body.value.runId).closed;
    const items = events.filter((e) => e.type === "sweep-item") as Extract<RunEvent, { type: "sweep-item" }>[];
    // Greedy plus the baselines every sweep adds: self-consistency and best-of-n at budget 1.
    expect(items.map((i) => i.item.strategy).sort()).toEqual(["best-of-n", "greedy", "self-consistency"]);
    expect(items.at(-1)).toMatchObject({ done: 3, total: 3 });
    const summary = events.filter((e) => e.type === "sweep-summary").at(-1) as Extract<
      RunEvent,
      { type: "sweep-summary" }
    >;
    expect(summary.summary.items).toBe(3);
    expect(events.at(-1)).toEqual({ type: "finished", status: "done" });
  });

  it("answers bad input with 400 and the field or file at fault", async () => {
    const unknown = await call("startSolve", { problem: "x", search: { strategy: "tree-of-thought" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ kind: "input", field: "search.strategy" });
    const zero = await call("startSolve", { problem: "x", search: { strategy: "beam", n: 0 } });
    expect(zero.status).toBe(400);
    expect(zero.body.error.field).toBe("search.n");
    const missing = await call("startSolve", {
      problem: "x",
      policy: "/nowhere/gone.gguf",
      search: { strategy: "greedy" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ kind: "input", field: "policy" });
    expect(missing.body.error.message).toContain("/nowhere/gone.gguf");
    const misfit = await call("startSolve", { problem: "x", search: { strategy: "greedy", n: 4 } });
    expect(misfit.body.error).toMatchObject({ field: "search.n" });
    const noRun = await call("getRun", { runId: 999999 });
    expect(noRun.status).toBe(400);
    expect(noRun.body.error.field).toBe("runId");
  });

  it("reports resources: RAM, the backend and why, and the loaded policies' KV cells", async () => {
    const res = (await call("resources", {})).body.value;
    expect(res.ram.totalBytes).toBeGreaterThan(res.ram.usedBytes);
    expect(res.ram.processBytes).toBeGreaterThan(0);
    expect(res.backend.name).toMatch(/^(cpu|cuda|vulkan|metal)$/);
    expect(res.backend.reason.length).toBeGreaterThan(0);
    const policy = res.policies.find((p: { name: string }) => p.name === "mull-policy-6m");
    expect(policy.contextSize).toBeGreaterThan(0);
    expect(policy.sequences.some((s: { cachedTokens: number }) => s.cachedTokens > 0)).toBe(true);
    expect(res.prms.map((p: { name: string }) => p.name)).toContain("mull-prm");
  });
});
