import type { Engines, OpenedPolicy, OpenedScorer } from "../engine/Engines.js";
import { loadPolicyProfile, type PolicyProfile, type Resolved } from "../models/profiles.js";
import { RemoteEngineError } from "../remote/RemoteEngineError.js";
import { searchWith } from "../search/searchWith.js";
import { parallelism, sweepItemSearch, sweepRunItem, type RunSweepOptions, type SweepOutcome } from "./runSweep.js";
import type { SweepItemSpec } from "./SweepItemSpec.js";

/**
 * Opens the sweep's one policy as served by the engine at `endpoint` (an OpenAI-compatible base URL), with room
 * for `sequences` concurrent decodes. Failures are RemoteEngineErrors (an engine that is gone: reason
 * unreachable, died or stalled; anything else is the server's or the profile's fault).
 */
export type OpenBackend = (endpoint: string, profile: string, sequences: number) => Promise<OpenedPolicy>;

/** What happened on one backend, as a sharded sweep reports it while it runs. */
export type BackendEvent =
  /** An item was sent to `backend`; `attempt` is 1 the first time, 2 after one backend failed under it, ... */
  | { kind: "dispatch"; backend: string; key: string; attempt: number }
  /** `backend` is gone (the engine died, stalled or cannot be reached); `requeued` are its items in flight. */
  | { kind: "dead"; backend: string; reason: string; message: string; requeued: string[] }
  /**
   * A call on `backend` failed as if the engine were gone, but it still answers (probeBackend): only `key` goes back
   * to the queue, and the backend stays.
   */
  | { kind: "transient"; backend: string; reason: string; message: string; key: string };

/** One backend's share of a sharded sweep. */
export interface BackendTally {
  /** The backend's base URL, as given. */
  endpoint: string;
  /** Items it completed (reported through onItem). */
  items: number;
  /** Of those, items sent back to the queue before (a backend died under them, or their call broke) and finished here. */
  retriedHere: number;
  /** Why it was dropped (the RemoteEngineError's one line), or null while it served to the end. */
  dead: { reason: string; message: string } | null;
  /** Items that were in flight on it when it died, sent back to the queue. */
  lost: number;
  /** Items whose call failed (connection broken) while the engine still answered: each sent back to the queue. */
  transient: number;
}

/** How a sharded sweep ended: a sweep's outcome, and what each backend did. */
export interface ShardedSweepOutcome extends SweepOutcome {
  /** Items sent again after the backend running them died or their call broke (one retried twice counts twice). */
  retried: number;
  /** Endpoints dropped as dead, in the order they died. */
  deadBackends: string[];
  /** Per backend, in the order given. */
  backends: BackendTally[];
}

/** Options of {@link runShardedSweep}: runSweep's, and the engines to share the items between. */
export interface ShardedSweepOptions extends RunSweepOptions {
  /** OpenAI-compatible base URLs (`http://HOST:PORT/v1`), each serving the sweep's one policy; at least one. */
  backends: readonly string[];
  /** Items each backend runs at once (a server with several slots or a GPU batches them). Default 1. */
  slotsPerBackend?: number;
  /** How a backend's policy is opened, once per backend. Default openRemoteBackend() (OpenAiPolicy). */
  openBackend?: OpenBackend;
  /** Each dispatch and each backend's death, as it happens (progress display, tests). */
  onBackend?: (event: BackendEvent) => void;
  /**
   * Whether the engine at an endpoint still answers, asked after a call on it failed as `died` or `unreachable`.
   * Default backendAnswers (GET /models).
   */
  probeBackend?: (endpoint: string) => Promise<boolean>;
}

/**
 * Failures in a row (with no item finished between) a backend survives because it still answered the probe; the
 * next one drops it. A server that keeps breaking connections is not worth its retries.
 */
export const TRANSIENT_LIMIT = 3;

/**
 * Whether the OpenAI-compatible server at `endpoint` answers `GET /models` with 200 within 5 s, asked twice: the
 * second ask goes out on a fresh connection if the first met one the server had already closed.
 */
export async function backendAnswers(endpoint: string): Promise<boolean> {
  for (let ask = 0; ask < 2; ask++) {
    try {
      const response = await fetch(`${endpoint}/models`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // refused, reset or timed out: asked once more, then the engine counts as gone
    }
  }
  return false;
}

/**
 * Raised when every backend of a sharded sweep is gone: one line naming each and why. The items finished before
 * are kept (reported through onItem as they finished); a rerun once the engines are back resumes the rest.
 */
export class BackendsGoneError extends Error {
  constructor(
    /** Each backend's endpoint and the line it failed with. */
    readonly backends: readonly { endpoint: string; message: string }[],
    /** Items this run completed before the last one died. */
    readonly completed: number,
    /** What each backend did before it died (items run, retried, why dropped), in the order given. */
    readonly tallies: readonly BackendTally[] = [],
  ) {
    super(
      `every backend is gone (${backends.map((b) => b.message).join("; ")}); ` +
        `the ${completed} item${completed === 1 ? "" : "s"} finished in this run are kept, rerun to resume`,
    );
    this.name = "BackendsGoneError";
  }
}

/** Whether `e` says the engine is gone (so its item can be retried elsewhere), and the reason and line to report. */
function engineGone(e: unknown): { reason: string; message: string } | undefined {
  return e instanceof RemoteEngineError && e.engineGone ? { reason: e.reason, message: e.message } : undefined;
}

/**
 * A policy profile as served at `endpoint`: a local profile's GGUF becomes the vocabulary the server's model must
 * have (its prompts are built from it as token ids, as in-process); a remote profile keeps its own `gguf` and
 * `model`, only the URL changes.
 */
export function servedAt(profile: Resolved<PolicyProfile>, endpoint: string): Resolved<PolicyProfile> {
  return profile.endpoint === undefined ? { ...profile, endpoint, gguf: profile.modelPath } : { ...profile, endpoint };
}

/**
 * The OpenBackend of real servers: OpenAiPolicy on the profile served at the endpoint, checked when opened
 * (reachable, logprobs, vocabulary). `timeoutMs`: how long a server may stay silent within a request before it
 * counts as stalled (OpenAiPolicyOptions.timeoutMs; default REMOTE_DEFAULTS).
 */
export function openRemoteBackend(options: { timeoutMs?: number | undefined } = {}): OpenBackend {
  return async (endpoint, profilePath) => {
    const profile = loadPolicyProfile(profilePath);
    // Loaded on first use: a sweep without --backends never needs the HTTP client.
    const { OpenAiPolicy } = await import("../remote/OpenAiPolicy.js");
    const policy = await OpenAiPolicy.open(servedAt(profile, endpoint), { endpoint, timeoutMs: options.timeoutMs });
    return {
      policy,
      stepDelimiter: profile.stepDelimiter,
      maxSteps: profile.maxSteps,
      dispose: () => policy.dispose(),
    };
  };
}

/**
 * One local scorer shared by the items in flight, one call at a time: the PRM runs on this machine's CPU whichever
 * engine decodes, and a reward model with per-path caches (incremental scoring) need not be safe for calls that
 * interleave. Scores do not depend on the order, so results are those of an item run alone.
 */
function oneCallAtATime(engines: Engines): Engines["openScorer"] {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(call: () => Promise<T>): Promise<T> => {
    const run = tail.then(call, call);
    tail = run.catch(() => undefined);
    return run;
  };
  return async (profile) => {
    const scorer = await engines.openScorer(profile);
    const wrapped: OpenedScorer = {
      scoreSteps: (problem, steps) => serial(() => scorer.scoreSteps(problem, steps)),
      scoreOutcome: (problem, steps) => serial(() => scorer.scoreOutcome(problem, steps)),
      get accounting() {
        return scorer.accounting;
      },
      ...(scorer.dispose && { dispose: () => scorer.dispose?.() ?? Promise.resolve() }),
    };
    return wrapped;
  };
}

interface Backend {
  tally: BackendTally;
  /** Transient failures since its last finished item (see TRANSIENT_LIMIT). */
  failuresInRow: number;
  inFlight: Set<SweepItemSpec>;
  /** Opened on its first item, kept for the rest. */
  opened?: Promise<OpenedPolicy>;
  /** Aborted when the backend is found dead (its other items stop waiting on it) or the sweep stops. */
  abort: AbortController;
}

/**
 * Runs a sweep's items across several inference engines serving one policy. Each item goes, in plan order, to the
 * least busy live backend (fewest items in flight, the first listed on a tie) with a free slot; its search is the
 * one runSweep would run (sweepItemSearch, through searchWith), the policy remote, the PRM local (one call at a
 * time). When a call fails because its engine is gone (RemoteEngineError unreachable, died or stalled), that
 * backend is dropped for the rest of the sweep, its other items in flight are cut off, and all of them go back to
 * the front of the queue for the live backends: an engine that dies loses only its items in flight, never an item
 * reported. A broken connection is not always a dead engine (a pooled connection the server closed while idle, a
 * network blip): after `died` or `unreachable` the backend is asked whether it still answers (probeBackend), and if
 * it does only that item goes back to the queue; TRANSIENT_LIMIT such failures in a row drop it all the same. Any other failure (a server without logprobs, another vocabulary, onItem throwing) ends the sweep
 * with that error once the items in flight have stopped. When no backend is left, a BackendsGoneError ends it.
 * Like runSweep: keys in `done` are skipped, only finished items reach `onItem` (one at a time, each once), and
 * the signal cuts off the items in flight, dropped unreported. At temperature 0 an item's result does not depend
 * on which backend ran it.
 * @throws RangeError when `backends` is empty, `slotsPerBackend` is not a positive integer, or the items name more
 *   than one policy
 */
export async function runShardedSweep(options: ShardedSweepOptions): Promise<ShardedSweepOutcome> {
  const slots = options.slotsPerBackend ?? 1;
  if (options.backends.length === 0) throw new RangeError("a sharded sweep needs at least one backend");
  if (!Number.isInteger(slots) || slots < 1)
    throw new RangeError(`slotsPerBackend must be a positive integer, not ${slots}`);
  if (new Set(options.items.map((i) => i.policy)).size > 1)
    throw new RangeError("every backend of a sharded sweep serves one policy; the items name several");
  const done = options.done ?? new Set<string>();
  const queue = options.items.filter((item) => !done.has(item.key));
  const outcome: ShardedSweepOutcome = {
    completed: 0,
    skipped: options.items.length - queue.length,
    cancelled: false,
    retried: 0,
    deadBackends: [],
    backends: [],
  };
  const sequences = Math.max(1, ...queue.map(parallelism));
  const openBackend = options.openBackend ?? openRemoteBackend();
  const openScorer = oneCallAtATime(options.engines);
  const probe = options.probeBackend ?? backendAnswers;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const backends: Backend[] = options.backends.map((endpoint) => {
    const abort = new AbortController();
    stop.signal.addEventListener("abort", () => abort.abort(), { once: true });
    const tally = { endpoint, items: 0, retriedHere: 0, dead: null, lost: 0, transient: 0 };
    return { tally, failuresInRow: 0, inFlight: new Set(), abort };
  });
  outcome.backends = backends.map((b) => b.tally);
  const attempts = new Map<string, number>();
  let failure: { error: unknown } | undefined;

  const markDead = (backend: Backend, why: { reason: string; message: string }) => {
    if (backend.tally.dead) return;
    backend.tally.dead = why;
    outcome.deadBackends.push(backend.tally.endpoint);
    const requeued = [...backend.inFlight];
    backend.tally.lost += requeued.length;
    // Back to the front, in plan order: the items the dead engine held are the oldest still owed.
    queue.unshift(...requeued.filter((item) => !queue.includes(item)));
    backend.abort.abort();
    options.onBackend?.({
      kind: "dead",
      backend: backend.tally.endpoint,
      ...why,
      requeued: requeued.map((i) => i.key),
    });
  };

  /**
   * After a call on `backend` failed as if its engine were gone: when the engine still answers (a connection broken
   * in between, not the engine), `item` alone goes back to the queue and true is returned. A stall is never
   * transient: a hung decoder can leave the HTTP side answering.
   */
  const transient = async (
    backend: Backend,
    item: SweepItemSpec,
    gone: { reason: string; message: string },
  ): Promise<boolean> => {
    if (gone.reason === "stalled" || backend.failuresInRow >= TRANSIENT_LIMIT - 1) return false;
    if (!(await probe(backend.tally.endpoint))) return false;
    if (backend.tally.dead) return true; // dropped meanwhile by another item's failure: `item` went back with the rest
    backend.failuresInRow++;
    backend.tally.transient++;
    queue.unshift(item);
    options.onBackend?.({ kind: "transient", backend: backend.tally.endpoint, ...gone, key: item.key });
    return true;
  };

  const run = async (backend: Backend, item: SweepItemSpec): Promise<void> => {
    const attempt = (attempts.get(item.key) ?? 0) + 1;
    attempts.set(item.key, attempt);
    if (attempt > 1) outcome.retried++;
    options.onBackend?.({ kind: "dispatch", backend: backend.tally.endpoint, key: item.key, attempt });
    try {
      const search = sweepItemSearch(item, options);
      const opening = (backend.opened ??= openBackend(backend.tally.endpoint, search.policy, sequences));
      // A failed open is not kept: after a transient failure the next item opens it again.
      const opened = await opening.catch((e: unknown) => {
        if (backend.opened === opening) backend.opened = undefined;
        throw e;
      });
      // The backend's policy, handed to searchWith as if it were loaded here; it is given back once, at the end.
      const engines: Engines = {
        openPolicy: async () => ({ ...opened, dispose: async () => {} }),
        openScorer,
      };
      const result = await searchWith(engines, { ...search, sequences }, backend.abort.signal);
      if (backend.tally.dead) return; // cut off by its engine's death, or finished on a backend already dropped
      if (result.stoppedBy === "cancelled" || failure) return; // cut off by the sweep's stop: dropped
      options.onItem(sweepRunItem(item, result), result.tree, backend.tally.endpoint);
      outcome.completed++;
      backend.tally.items++;
      backend.failuresInRow = 0;
      if (attempt > 1) backend.tally.retriedHere++;
    } catch (e) {
      const gone = engineGone(e);
      if (gone && !backend.tally.dead && !stop.signal.aborted && (await transient(backend, item, gone))) return;
      if (gone) markDead(backend, gone);
      else if (backend.tally.dead)
        return; // the error of a call its engine's death cut off
      else if (!stop.signal.aborted) {
        failure = { error: e };
        stop.abort();
      }
    } finally {
      backend.inFlight.delete(item);
    }
  };

  const running = new Set<Promise<void>>();
  try {
    for (;;) {
      while (queue.length > 0 && !stop.signal.aborted) {
        const free = backends.filter((b) => !b.tally.dead && b.inFlight.size < slots);
        if (free.length === 0) break;
        const backend = free.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
        const item = queue.shift() as SweepItemSpec;
        backend.inFlight.add(item);
        const task: Promise<void> = run(backend, item).finally(() => running.delete(task));
        running.add(task);
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    for (const b of backends) {
      const opened = await b.opened?.catch(() => undefined);
      await opened?.dispose().catch(() => undefined);
    }
  }
  if (failure) throw failure.error;
  if (queue.length > 0 && !options.signal?.aborted)
    throw new BackendsGoneError(
      backends.map((b) => ({ endpoint: b.tally.endpoint, message: b.tally.dead?.message ?? "" })),
      outcome.completed,
      outcome.backends,
    );
  outcome.cancelled = options.signal?.aborted === true && outcome.completed + outcome.skipped < options.items.length;
  return outcome;
}
