import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Problem } from "../../../src-main/core/domain/Problem.js";
import type { Engines, OpenedPolicy } from "../../../src-main/core/engine/Engines.js";
import { planSweep } from "../../../src-main/core/experiments/planSweep.js";
import {
  BackendsGoneError,
  runShardedSweep,
  TRANSIENT_LIMIT,
  type BackendEvent,
  type ShardedSweepOptions,
} from "../../../src-main/core/experiments/runShardedSweep.js";
import { runSweep } from "../../../src-main/core/experiments/runSweep.js";
import type { SweepConfig } from "../../../src-main/core/experiments/SweepConfig.js";
import { sweepToDir } from "../../../src-main/core/experiments/sweepToDir.js";
import type { SummaryBackend } from "../../../src-main/core/experiments/writeSweepOutputs.js";
import type { Policy } from "../../../src-main/core/policy/Policy.js";
import { RemoteEngineError } from "../../../src-main/core/remote/RemoteEngineError.js";
import type { Scorer } from "../../../src-main/core/reward/Scorer.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { FakePolicy } from "../search/FakePolicy.js";
import { FakeScorer } from "../search/FakeScorer.js";
import { mathScript } from "../search/mathScript.js";

const problems: Problem[] = ["a", "b", "c", "d"].map((id) => ({
  id,
  family: "linear-equation",
  difficulty: 1,
  problem: `Problem ${id}`,
  answer: "42",
  solution: "Answer: 42",
}));
const items = planSweep({ problems, strategies: ["greedy", "beam"], budgets: [1, 2], policies: ["fake"] });
const PROFILE = "/models/fake.profile.json";

/**
 * A fake inference engine at `url`: its policy is a FakePolicy over mathScript, except that once killed every call
 * (and every open) fails as a dead server's would, with a RemoteEngineError; while held, calls wait for release.
 */
class FakeEngine {
  killed = false;
  private held = false;
  private readonly waiting: (() => void)[] = [];
  /** An error `open` throws instead of opening (a server's own fault: no logprobs, another vocabulary). */
  openError: Error | undefined;
  /** Calls still to fail as a broken connection would, the engine itself alive (it answers the probe). */
  breakCalls = 0;

  constructor(readonly url: string) {}

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const resume of this.waiting.splice(0)) resume();
  }

  kill(): void {
    this.killed = true;
    this.release();
  }

  /** What probeBackend asks: a killed engine does not answer. */
  answers(): boolean {
    return !this.killed;
  }

  private check(): void {
    if (this.breakCalls > 0 && !this.killed) {
      this.breakCalls--;
      throw new RemoteEngineError(this.url, "died", `policy server ${this.url} stopped answering before a request`);
    }
    if (this.killed)
      throw new RemoteEngineError(this.url, "died", `policy server ${this.url} closed the connection mid-request`);
  }

  async open(): Promise<OpenedPolicy> {
    if (this.openError) throw this.openError;
    if (this.killed)
      throw new RemoteEngineError(this.url, "unreachable", `policy server ${this.url} is not reachable (refused)`);
    const inner = new FakePolicy(mathScript);
    const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
      this.check();
      if (this.held) await new Promise<void>((resume) => this.waiting.push(resume));
      this.check();
      return call();
    };
    const policy: Policy = {
      expand: (...a) => guarded(() => inner.expand(...a)),
      rollout: (...a) => guarded(() => inner.rollout(...a)),
    };
    return { policy, stepDelimiter: "\n", dispose: async () => {} };
  }
}

/** The local side: the PRM only (the policy is always a backend's). */
function localEngines(scorer: Scorer = new FakeScorer()): Engines {
  return {
    openPolicy: () => Promise.reject(new Error("a sharded sweep must not load the policy locally")),
    openScorer: async () => scorer,
  };
}

interface Recorded {
  reported: { item: RunItem; backend: string | undefined }[];
  events: BackendEvent[];
}

function sharded(
  engines: FakeEngine[],
  overrides: Partial<ShardedSweepOptions> & {
    onEvent?: (e: BackendEvent, r: Recorded) => void;
    afterItem?: (r: Recorded) => void;
  } = {},
) {
  const recorded: Recorded = { reported: [], events: [] };
  const byUrl = new Map(engines.map((e) => [e.url, e]));
  const { onEvent, afterItem, ...rest } = overrides;
  const run = runShardedSweep({
    items,
    policies: { fake: PROFILE },
    prm: "/models/prm.profile.json",
    engines: localEngines(),
    backends: engines.map((e) => e.url),
    openBackend: async (endpoint, profile) => {
      expect(profile).toBe(PROFILE);
      return (byUrl.get(endpoint) as FakeEngine).open();
    },
    probeBackend: async (endpoint) => (byUrl.get(endpoint) as FakeEngine).answers(),
    onItem: (item, _tree, backend) => {
      recorded.reported.push({ item, backend });
      afterItem?.(recorded);
    },
    onBackend: (e) => {
      recorded.events.push(e);
      onEvent?.(e, recorded);
    },
    ...rest,
  });
  return { run, recorded };
}

/** The same items run one by one on one local FakePolicy: what every sharded run must reproduce. */
async function unsharded(): Promise<Map<string, RunItem>> {
  const reported = new Map<string, RunItem>();
  await runSweep({
    items,
    policies: { fake: PROFILE },
    prm: "/models/prm.profile.json",
    engines: {
      openPolicy: async () => ({ policy: new FakePolicy(mathScript), stepDelimiter: "\n", dispose: async () => {} }),
      openScorer: async () => new FakeScorer(),
    },
    onItem: (item) => reported.set(item.key, item),
  });
  return reported;
}

/** Each key reported once, and every key of the plan. */
function expectEachOnce(reported: readonly { item: RunItem }[]): void {
  const keys = reported.map((r) => r.item.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(keys)).toEqual(new Set(items.map((i) => i.key)));
}

const dispatches = (events: readonly BackendEvent[]) => events.flatMap((e) => (e.kind === "dispatch" ? [e] : []));

describe("runShardedSweep: a sweep's items shared between several engines", () => {
  it("fills the least busy backend first, reports each item once with who ran it, as runSweep would", async () => {
    const engines = ["http://e1/v1", "http://e2/v1", "http://e3/v1"].map((u) => new FakeEngine(u));
    for (const e of engines) e.hold();
    // Released once all six slots are taken: the order they were filled in is the scheduler's choice alone.
    const { run, recorded } = sharded(engines, {
      slotsPerBackend: 2,
      onEvent: (_e, r) => dispatches(r.events).length === 6 && engines.forEach((e) => e.release()),
    });
    const outcome = await run;
    expect(
      dispatches(recorded.events)
        .slice(0, 6)
        .map((d) => d.backend),
    ).toEqual(["http://e1/v1", "http://e2/v1", "http://e3/v1", "http://e1/v1", "http://e2/v1", "http://e3/v1"]);
    expectEachOnce(recorded.reported);
    expect(outcome).toMatchObject({ completed: items.length, skipped: 0, cancelled: false, retried: 0 });
    expect(outcome.deadBackends).toEqual([]);
    expect(outcome.backends.reduce((n, b) => n + b.items, 0)).toBe(items.length);
    for (const { item, backend } of recorded.reported)
      expect(recorded.events).toContainEqual({ kind: "dispatch", backend, key: item.key, attempt: 1 });
    const alone = await unsharded();
    for (const { item } of recorded.reported) {
      const ref = alone.get(item.key);
      expect({ answer: item.answer, path: item.path, spent: item.spent }).toEqual({
        answer: ref?.answer,
        path: ref?.path,
        spent: { ...ref?.spent, ms: item.spent.ms },
      });
    }
  });

  it("sends everything to the free backend while another is busy", async () => {
    const [slow, fast] = [new FakeEngine("http://slow/v1"), new FakeEngine("http://fast/v1")];
    slow.hold();
    // The slow engine finishes its one item only when every other item is done.
    const others = items.length - 1;
    const { run, recorded } = sharded([slow, fast], {
      afterItem: (r) => r.reported.length === others && slow.release(),
    });
    const outcome = await run;
    expect(outcome.backends.map((b) => [b.endpoint, b.items])).toEqual([
      ["http://slow/v1", 1],
      ["http://fast/v1", others],
    ]);
    expectEachOnce(recorded.reported);
  });

  it("drops a backend that dies: only its items in flight are lost, and they run again on another", async () => {
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    // e2 dies when it is handed its third item, with two of its items mid-search.
    const { run, recorded } = sharded([e1, e2], {
      slotsPerBackend: 2,
      onEvent: (e, r) => {
        if (
          e.kind === "dispatch" &&
          e.backend === e2.url &&
          dispatches(r.events).filter((d) => d.backend === e2.url).length === 3
        )
          e2.kill();
      },
    });
    const outcome = await run;
    expectEachOnce(recorded.reported);
    const death = recorded.events.find((e) => e.kind === "dead");
    expect(death).toMatchObject({ kind: "dead", backend: e2.url, reason: "died" });
    const requeued = death?.kind === "dead" ? death.requeued : [];
    expect(requeued.length).toBeGreaterThanOrEqual(1);
    // Each lost item is sent again, to e1, and reported from there.
    for (const key of requeued) {
      expect(
        dispatches(recorded.events)
          .filter((d) => d.key === key)
          .at(-1),
      ).toMatchObject({
        backend: e1.url,
        attempt: 2,
      });
      expect(recorded.reported.find((r) => r.item.key === key)?.backend).toBe(e1.url);
    }
    // Nothing e2 reported before it died is run again.
    for (const { item } of recorded.reported.filter((r) => r.backend === e2.url))
      expect(dispatches(recorded.events).filter((d) => d.key === item.key)).toHaveLength(1);
    expect(outcome.retried).toBe(requeued.length);
    expect(outcome.deadBackends).toEqual([e2.url]);
    const [t1, t2] = outcome.backends;
    expect(t2).toMatchObject({ endpoint: e2.url, lost: requeued.length, dead: { reason: "died" } });
    expect(t1).toMatchObject({ endpoint: e1.url, retriedHere: requeued.length, dead: null });
    expect((t1?.items ?? 0) + (t2?.items ?? 0)).toBe(items.length);
    const alone = await unsharded();
    for (const { item } of recorded.reported) expect(item.path).toEqual(alone.get(item.key)?.path);
  });

  it("keeps a backend whose connection broke while it still answers: only that item runs again", async () => {
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    // Two broken calls on e2 (fewer than TRANSIENT_LIMIT in a row), once it has finished an item.
    let broken = false;
    const { run, recorded } = sharded([e1, e2], {
      afterItem: (r) => {
        if (broken || !r.reported.some((x) => x.backend === e2.url)) return;
        broken = true;
        e2.breakCalls = 2;
      },
    });
    const outcome = await run;
    expectEachOnce(recorded.reported);
    const transient = recorded.events.filter((e) => e.kind === "transient");
    expect(transient).toHaveLength(2);
    expect(outcome.deadBackends).toEqual([]);
    expect(outcome.retried).toBe(2);
    expect(outcome.backends[1]).toMatchObject({ endpoint: e2.url, transient: 2, dead: null, lost: 0 });
    // e2 kept getting items after its broken calls.
    const last = recorded.events.lastIndexOf(transient[1] as BackendEvent);
    expect(dispatches(recorded.events.slice(last + 1)).some((d) => d.backend === e2.url)).toBe(true);
  });

  it(`drops a backend after ${TRANSIENT_LIMIT} broken calls in a row even though it still answers`, async () => {
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    e2.breakCalls = Infinity;
    const { run, recorded } = sharded([e1, e2]);
    const outcome = await run;
    expectEachOnce(recorded.reported);
    expect(recorded.events.filter((e) => e.kind === "transient")).toHaveLength(TRANSIENT_LIMIT - 1);
    expect(outcome.deadBackends).toEqual([e2.url]);
    expect(outcome.backends[1]).toMatchObject({ items: 0, transient: TRANSIENT_LIMIT - 1, dead: { reason: "died" } });
  });

  it("stops with one line naming every backend when none is left, keeping what finished", async () => {
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    e2.kill(); // unreachable from the start
    const { run, recorded } = sharded([e1, e2], {
      afterItem: (r) => r.reported.length === 3 && e1.kill(),
    });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendsGoneError);
    const gone = error as BackendsGoneError;
    expect(gone.message.split("\n")).toHaveLength(1);
    expect(gone.message).toContain("http://e1/v1 closed the connection");
    expect(gone.message).toContain("http://e2/v1 is not reachable");
    expect(gone.completed).toBe(recorded.reported.length);
    expect(recorded.reported.length).toBeGreaterThanOrEqual(3);
    expect(recorded.reported.length).toBeLessThan(items.length);
  });

  it("all backends unreachable: the sweep fails at once, running nothing", async () => {
    const engines = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    for (const e of engines) e.kill();
    const { run, recorded } = sharded(engines);
    await expect(run).rejects.toThrow(
      /^every backend is gone \(policy server http:\/\/e1\/v1 is not reachable \(refused\); policy server http:\/\/e2\/v1 is not reachable \(refused\)\); the 0 items finished in this run are kept, rerun to resume$/,
    );
    expect(recorded.reported).toEqual([]);
  });

  it("ends on a server's own fault (another vocabulary) with that error: retrying elsewhere would not help", async () => {
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    const fault = new RemoteEngineError(e2.url, "vocabulary", `policy server ${e2.url} serves another vocabulary`);
    e2.openError = fault;
    const { run, recorded } = sharded([e1, e2]);
    await expect(run).rejects.toBe(fault);
    // e1's item in flight when it failed was cut off, not reported; nothing was sent after.
    const afterFault = dispatches(recorded.events).length;
    expect(afterFault).toBeLessThanOrEqual(3);
    expect(recorded.reported.length).toBeLessThan(items.length);
  });

  it("cancels: the items in flight are dropped unreported and nothing more is sent", async () => {
    const engines = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    const abort = new AbortController();
    const { run, recorded } = sharded(engines, {
      signal: abort.signal,
      onEvent: (e, r) => e.kind === "dispatch" && dispatches(r.events).length === 4 && abort.abort(),
    });
    const outcome = await run;
    expect(outcome.cancelled).toBe(true);
    expect(dispatches(recorded.events)).toHaveLength(4);
    expect(outcome.completed).toBe(recorded.reported.length);
    expect(outcome.completed).toBeLessThan(4);
    expect(new Set(recorded.reported.map((r) => r.item.key)).size).toBe(recorded.reported.length);
  });

  it("skips the keys already done (a resumed sweep) without sending them anywhere", async () => {
    const engines = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    const done = new Set(items.slice(0, 5).map((i) => i.key));
    const { run, recorded } = sharded(engines, { done });
    const outcome = await run;
    expect(outcome).toMatchObject({ completed: items.length - 5, skipped: 5 });
    for (const d of dispatches(recorded.events)) expect(done.has(d.key)).toBe(false);
  });

  it("calls the local PRM one call at a time while several backends search", async () => {
    let active = 0;
    let most = 0;
    const inner = new FakeScorer();
    // Each call yields to the event loop once, so two calls would overlap if the sweep let them.
    const scorer: Scorer = {
      get accounting() {
        return inner.accounting;
      },
      scoreSteps: async (p, s) => {
        most = Math.max(most, ++active);
        await new Promise((r) => setImmediate(r));
        active--;
        return inner.scoreSteps(p, s);
      },
      scoreOutcome: (p, s) => inner.scoreOutcome(p, s),
    };
    const engines = ["http://e1/v1", "http://e2/v1", "http://e3/v1"].map((u) => new FakeEngine(u));
    const { run } = sharded(engines, { engines: localEngines(scorer), slotsPerBackend: 2 });
    await run;
    expect(inner.stepCalls).toBeGreaterThan(items.length / 2);
    expect(most).toBe(1);
  });

  it("refuses no backends, a slot count that is not a positive integer, and items of several policies", async () => {
    const e = [new FakeEngine("http://e1/v1")];
    await expect(sharded([]).run).rejects.toThrow("a sharded sweep needs at least one backend");
    await expect(sharded(e, { slotsPerBackend: 0 }).run).rejects.toThrow(
      "slotsPerBackend must be a positive integer, not 0",
    );
    const two = planSweep({ problems, strategies: ["greedy"], budgets: [1], policies: ["p", "q"] });
    await expect(sharded(e, { items: two, policies: { p: "/p", q: "/q" } }).run).rejects.toThrow(
      "every backend of a sharded sweep serves one policy; the items name several",
    );
  });
});

/** The `backends` key of summary.json in `outDir`. */
function summaryBackends(outDir: string): SummaryBackend[] {
  const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as { backends?: SummaryBackend[] };
  expect(summary.backends, "summary.json of a sharded sweep has backends").toBeDefined();
  return summary.backends ?? [];
}

describe("sweepToDir with backends", () => {
  const config: SweepConfig = {
    set: "fake.jsonl",
    problemFile: "/data/fake.jsonl",
    limit: null,
    strategies: ["greedy", "beam", "self-consistency", "best-of-n"],
    budgets: [1, 2],
    policies: [{ name: "fake", profile: PROFILE }],
    prm: "/models/prm.profile.json",
    seed: 0,
    caps: {},
  };
  const total = problems.length * (1 + 3 * 2);

  it("saves every item once however the backends fare, and resumes after all of them are gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-sharded-"));
    const store = RunStore.open({ file: join(dir, "mull.db") });
    const outDir = join(dir, "out");
    const [e1, e2] = [new FakeEngine("http://e1/v1"), new FakeEngine("http://e2/v1")];
    const byUrl = new Map([e1, e2].map((e) => [e.url, e]));
    const run = (engines: FakeEngine[]) =>
      sweepToDir({
        config,
        problems,
        outDir,
        store,
        engines: localEngines(),
        backends: engines.map((e) => e.url),
        openBackend: async (url) => (byUrl.get(url) as FakeEngine).open(),
        probeBackend: async (url) => (byUrl.get(url) as FakeEngine).answers(),
        onItem: (_item, backend) => {
          // Both engines die once five items are saved: the sweep stops with those (and no other) kept.
          if (store.itemKeys(1).size === 5) [e2, e1].forEach((e) => e.kill());
          expect(backend === e1.url || backend === e2.url).toBe(true);
        },
      });
    const error = await run([e1, e2]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendsGoneError);
    const [failed] = store.listRuns();
    expect(failed).toMatchObject({ status: "failed", error: (error as Error).message });
    const kept = store.itemKeys(failed?.id ?? 0);
    expect(kept.size).toBeGreaterThanOrEqual(5);
    expect(readFileSync(join(outDir, "results.csv"), "utf8").trim().split("\n")).toHaveLength(kept.size + 1);
    expect(existsSync(join(outDir, "summary.json"))).toBe(true);
    // summary.json says what each engine did, though every one died: results.csv does not record who ran an item.
    const died = summaryBackends(outDir);
    expect(died.map((b) => b.endpoint)).toEqual([e1.url, e2.url]);
    expect(died.reduce((n, b) => n + b.items, 0)).toBe(kept.size);
    for (const b of died) expect(b.dropped).toMatchObject({ reason: expect.stringMatching(/died|unreachable/) });

    // Engines back (new ones at the same URLs): the rerun runs only what is missing.
    const [f1, f2] = [new FakeEngine(e1.url), new FakeEngine(e2.url)];
    byUrl.set(f1.url, f1).set(f2.url, f2);
    const report = await sweepToDir({
      config,
      problems,
      outDir,
      store,
      engines: localEngines(),
      backends: [f1.url, f2.url],
      openBackend: async (url) => (byUrl.get(url) as FakeEngine).open(),
      probeBackend: async (url) => (byUrl.get(url) as FakeEngine).answers(),
    });
    expect(report).toMatchObject({ resumed: true, completed: total - kept.size, skipped: kept.size });
    expect(report.sharded?.backends.reduce((n, b) => n + b.items, 0)).toBe(total - kept.size);
    expect(readFileSync(join(outDir, "results.csv"), "utf8").trim().split("\n")).toHaveLength(total + 1);
    // This run's counts only: the items the rerun ran, no backend dropped.
    const rerun = summaryBackends(outDir);
    expect(rerun.reduce((n, b) => n + b.items, 0)).toBe(total - kept.size);
    expect(rerun.map((b) => b.dropped)).toEqual([null, null]);
    store.close();
  });
});
