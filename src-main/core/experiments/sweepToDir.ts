import { appendFileSync, existsSync, mkdirSync } from "node:fs";
import type { Problem } from "../domain/Problem.js";
import type { RunItem } from "../store/RunRecord.js";
import type { RunStore } from "../store/RunStore.js";
import { checkResumable } from "./checkResumable.js";
import type { Engines } from "../engine/Engines.js";
import { planSweep } from "./planSweep.js";
import { resultsCsv } from "../store/resultsCsv.js";
import { runSweep, type SweepOutcome } from "./runSweep.js";
import {
  BackendsGoneError,
  runShardedSweep,
  type BackendEvent,
  type BackendTally,
  type OpenBackend,
  type ShardedSweepOutcome,
} from "./runShardedSweep.js";
import { summarizeSweep, type SweepSummary } from "./summarizeSweep.js";
import type { SweepConfig } from "./SweepConfig.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { sweepFiles, type SweepFiles } from "./sweepFiles.js";
import { SweepResumeError } from "./SweepResumeError.js";
import { reachedRightAnswer } from "./anyAnswerCorrect.js";
import type { ScalingX } from "./scalingX.js";
import { sweepSetting } from "./sweepSetting.js";
import { writeFileAtomic } from "../store/writeFileAtomic.js";
import { writeSweepOutputs, type SummaryBackend } from "./writeSweepOutputs.js";

/** Options of {@link sweepToDir}. */
export interface SweepToDirOptions {
  config: SweepConfig;
  /** The problems of `config.set`, already limited to `config.limit`. */
  problems: readonly Problem[];
  /** Absolute: the store finds the run to resume by it. */
  outDir: string;
  store: RunStore;
  /** Where models load: an EngineCache, so items reuse the loaded policy and PRM. */
  engines: Engines;
  signal?: AbortSignal;
  /** Once the plan is known: items in all, and how many an earlier run already completed. */
  onStart?: (info: { runId: number; total: number; skipped: number; resumed: boolean }) => void;
  /** After each item is saved; `backend` is the engine's URL that ran it when the sweep is sharded (`backends`). */
  onItem?: (item: RunItem, backend?: string) => void;
  /** After each item is saved: the summary of every item completed so far, this run's and any resumed. */
  onSummary?: (summary: SweepSummary) => void;
  /** The x axis of scaling.svg. Default generated tokens. */
  x?: ScalingX;
  /**
   * OpenAI-compatible engines serving the sweep's one policy (`http://HOST:PORT/v1`): the items are shared
   * between them (runShardedSweep) instead of run here one by one. Absent or empty: runSweep on `engines`.
   */
  backends?: readonly string[];
  /** Items each backend runs at once. Default 1. */
  slotsPerBackend?: number;
  /** How a backend's policy is opened (runShardedSweep's default otherwise). */
  openBackend?: OpenBackend;
  /** Each dispatch to a backend and each backend's death, as they happen. */
  onBackend?: (event: BackendEvent) => void;
  /** Whether a backend still answers after a call on it failed (runShardedSweep's default otherwise). */
  probeBackend?: (endpoint: string) => Promise<boolean>;
}

/** What a sweep did and where its results are. */
export interface SweepReport extends SweepOutcome {
  /** A sharded sweep's backends: items each ran, items retried after a death, the dead. Absent otherwise. */
  sharded?: Pick<ShardedSweepOutcome, "retried" | "deadBackends" | "backends">;
  runId: number;
  resumed: boolean;
  summary: SweepSummary;
  files: SweepFiles;
}

/**
 * A resumable sweep into an output folder. The run is the store's newest sweep into `outDir`, resumed when its
 * settings allow (checkResumable), else a new one. Each completed item is committed to the store, then appended
 * to results.csv; a killed sweep loses only the item in flight, and the rerun skips every key the store has.
 * At the end, cancelled or failed too, results.csv is rewritten from the store in plan order (every item of the
 * plan completed so far, exactly once), with summary.json and scaling.svg beside it. pass@N in the summary comes
 * from every item's answer and tree (reachedRightAnswer), the difficulty panels from the problems' levels. A
 * sharded sweep's summary.json also has `backends`: what each engine did in this run (SummaryBackend), also when
 * every one died.
 */
export async function sweepToDir(options: SweepToDirOptions): Promise<SweepReport> {
  const { config, store, outDir } = options;
  const plan = planSweep({
    problems: options.problems,
    strategies: config.strategies,
    budgets: config.budgets,
    policies: config.policies.map((p) => p.name),
  });
  const files = sweepFiles(outDir);
  const stored = store.sweepForOutDir(outDir);
  // A live process still writing this folder (status stays `running` only while its pid is alive): two sweeps
  // into one folder would race for the same items.
  if (stored?.status === "running")
    throw new SweepResumeError(
      outDir,
      "--out",
      `is being written by another running sweep (run ${stored.id})`,
      "wait for it to finish, or use another --out",
    );
  // A folder deleted since (no results.csv) is a fresh start, not a resume of the run that once wrote it.
  const hasResults = existsSync(files.csv);
  const previous = hasResults ? stored : undefined;
  if (previous) checkResumable(outDir, previous.config as SweepConfig, config);
  else if (hasResults)
    throw new SweepResumeError(
      outDir,
      "--out",
      "holds results.csv of a sweep this run store has no record of (run on another machine or with another data folder)",
      SweepResumeError.START_OVER,
    );
  mkdirSync(outDir, { recursive: true });
  const runId = previous?.id ?? store.createRun({ kind: "sweep", config, outDir });
  if (previous) store.resumeRun(runId, config);

  const planned = new Set(plan.map((i) => i.key));
  const completedInPlan = (): RunItem[] => {
    const byKey = new Map(store.items(runId).map((i) => [i.key, i]));
    return plan.flatMap((spec) => byKey.get(spec.key) ?? []);
  };
  const done = new Set([...store.itemKeys(runId)].filter((k) => planned.has(k)));
  const resumedItems = completedInPlan();
  writeFileAtomic(files.csv, resultsCsv.of(resumedItems));
  // pass@N reads every item's tree: the resumed items' from the store, the new ones' as they complete.
  const anyCorrect = new Map<string, boolean>();
  const checkTree = (item: RunItem, tree: TreeJson | undefined) => {
    const reached = tree ? reachedRightAnswer(item, tree) : null;
    if (reached !== null) anyCorrect.set(item.key, reached);
  };
  for (const item of resumedItems) checkTree(item, store.tree(runId, item.key));
  const context = {
    anyCorrect,
    difficulty: new Map(options.problems.flatMap((p) => (p.difficulty === undefined ? [] : [[p.id, p.difficulty]]))),
    setting: sweepSetting(config, options.problems),
  };
  const soFar = [...resumedItems];
  options.onStart?.({ runId, total: plan.length, skipped: done.size, resumed: previous !== undefined });

  let outcome: SweepOutcome;
  let shards: SweepReport["sharded"];
  let summary: SweepSummary;
  const sharded = (options.backends?.length ?? 0) > 0;
  // What each backend did, for summary.json: from the outcome, or from the error when every backend died.
  let tallies: readonly BackendTally[] | undefined;
  try {
    const sweep = {
      items: plan,
      done,
      policies: Object.fromEntries(config.policies.map((p) => [p.name, p.profile])),
      prm: config.prm,
      engines: options.engines,
      seed: config.seed,
      sampling: config.sampling,
      caps: config.caps,
      checkArithmetic: config.checkArithmetic ?? false,
      signal: options.signal,
      onItem: (item: RunItem, tree: TreeJson, backend?: string) => {
        store.saveItem(runId, item, tree); // committed first: the store is what a rerun trusts
        appendFileSync(files.csv, resultsCsv.row(item));
        checkTree(item, tree);
        soFar.push(item);
        options.onItem?.(item, backend);
        options.onSummary?.(summarizeSweep(soFar, context));
      },
    };
    if (sharded) {
      const { retried, deadBackends, backends, ...rest } = await runShardedSweep({
        ...sweep,
        backends: options.backends ?? [],
        slotsPerBackend: options.slotsPerBackend,
        openBackend: options.openBackend,
        onBackend: options.onBackend,
        probeBackend: options.probeBackend,
      });
      outcome = rest;
      shards = { retried, deadBackends, backends };
      tallies = backends;
    } else outcome = await runSweep(sweep);
  } catch (e) {
    if (e instanceof BackendsGoneError) tallies = e.tallies;
    store.finishRun(runId, "failed", (e as Error).message.split("\n")[0] ?? "");
    throw e;
  } finally {
    const items = completedInPlan();
    summary = summarizeSweep(items, context);
    const complete = items.length === plan.length;
    store.setMetric(runId, "summary", summary);
    const backends = sharded && tallies ? { backends: tallies.map(summaryBackend) } : {};
    await writeSweepOutputs(outDir, items, { runId, complete, ...summary, ...backends }, options.x);
  }
  store.finishRun(runId, outcome.cancelled ? "cancelled" : "done");
  return { runId, resumed: previous !== undefined, ...outcome, ...(shards && { sharded: shards }), summary, files };
}

/** A backend's tally as summary.json words it. */
function summaryBackend(t: BackendTally): SummaryBackend {
  return {
    endpoint: t.endpoint,
    items: t.items,
    retried: t.retriedHere,
    transient: t.transient,
    dropped: t.dead,
    lost: t.lost,
  };
}
