import type { Engines } from "../engine/Engines.js";
import type { Sampling } from "../policy/Sampling.js";
import type { BudgetCaps } from "../search/BudgetCaps.js";
import { searchWith, type ModelSearch } from "../search/searchWith.js";
import type { SearchResult } from "../search/SearchResult.js";
import type { SearchSettings } from "../search/searchSettings.js";
import { SCORING_STRATEGIES } from "../search/StrategyName.js";
import type { RunItem } from "../store/RunRecord.js";
import { toRunItem } from "../store/toRunItem.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { strategyBudget } from "./strategyBudget.js";
import type { SweepItemSpec } from "./SweepItemSpec.js";

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** The items, in the order to run them (see planSweep). */
  items: readonly SweepItemSpec[];
  /** Keys already completed (a resumed sweep): skipped without loading anything for them. Default none. */
  done?: ReadonlySet<string>;
  /** Policy name → profile path, for every policy the items name. */
  policies: Readonly<Record<string, string>>;
  /** The PRM's profile path, opened for the items that score (greedy and self-consistency never do). */
  prm: string;
  /** Where models load: an EngineCache, so consecutive items reuse the loaded policy and PRM. */
  engines: Engines;
  /** Gate the scorer with the arithmetic step checker (CheckedScorer). Default false. */
  checkArithmetic?: boolean;
  /** What sampled items sample with. Default SAMPLING_DEFAULTS (through SearchRun). */
  sampling?: Sampling | undefined;
  /** The search seed of every item. Default 0. */
  seed?: number;
  /** Caps applied to every item's search on top of its budget. Default none. */
  caps?: BudgetCaps;
  /** Aborting it stops the item in flight, which is then dropped (not reported), and ends the sweep. */
  signal?: AbortSignal;
  /**
   * Receives each completed item with its tree before the next starts: persist it here. A throw ends the sweep.
   * `backend` is the engine's URL that ran it, in a sweep sharded across engines (runShardedSweep); else absent.
   */
  onItem: (item: RunItem, tree: TreeJson, backend?: string) => void;
}

/** How a sweep ended. */
export interface SweepOutcome {
  completed: number;
  skipped: number;
  cancelled: boolean;
}

/** Concurrent decodes an item needs at most, so the policy's context gets enough sequences (capped at 16). */
export function parallelism(item: SweepItemSpec): number {
  if (item.budget === null) return 1;
  const o = strategyBudget(item.strategy, item.budget);
  return Math.min(16, item.strategy === "mcts" ? 4 : (o.n ?? 1));
}

/**
 * The search one sweep item runs: its strategy at its budget, the sweep's sampling (sampled strategies only),
 * caps, seed and gate, on the item's policy profile. Shared by runSweep and runShardedSweep, so an item is the
 * same search wherever it runs.
 * @throws RangeError when the item names a policy `options.policies` lacks
 */
export function sweepItemSearch(
  item: SweepItemSpec,
  options: Pick<RunSweepOptions, "policies" | "prm" | "sampling" | "caps" | "seed" | "checkArithmetic">,
): ModelSearch {
  const profile = options.policies[item.policy];
  if (profile === undefined) throw new RangeError(`sweep item ${item.key} names unknown policy ${item.policy}`);
  const settings: SearchSettings = {
    strategy: item.strategy,
    options: {
      ...(item.budget === null ? {} : strategyBudget(item.strategy, item.budget)),
      ...(item.strategy !== "greedy" && options.sampling && { sampling: options.sampling }),
    },
    caps: { ...options.caps },
    seed: options.seed ?? 0,
    needsScorer: SCORING_STRATEGIES.includes(item.strategy),
    checkArithmetic: options.checkArithmetic ?? false,
    sequences: parallelism(item),
  };
  return { problem: item.problem.problem, settings, policy: profile, prm: options.prm };
}

/** A finished search as the sweep item it ran for (checked against the problem's reference answer). */
export function sweepRunItem(item: SweepItemSpec, result: SearchResult): RunItem {
  return toRunItem(result, {
    key: item.key,
    problemId: item.problem.id,
    problem: item.problem.problem,
    budget: item.budget,
    policy: item.policy,
    reference: item.problem.answer,
  });
}

/**
 * Runs a sweep's items one after another, each through searchWith (the same path as a solve), with the policy
 * loaded with room for the largest of its items, so it is not reloaded between them. An item reaches `onItem`
 * only once its search has finished; an item cut off by the signal is dropped, so what was reported is exactly
 * what completed, and a rerun skipping those keys loses nothing else.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const done = options.done ?? new Set<string>();
  const pending = options.items.filter((item) => !done.has(item.key));
  const outcome: SweepOutcome = { completed: 0, skipped: options.items.length - pending.length, cancelled: false };
  const sequences = new Map<string, number>();
  for (const item of pending) sequences.set(item.policy, Math.max(sequences.get(item.policy) ?? 1, parallelism(item)));
  for (const item of pending) {
    if (options.signal?.aborted) break;
    const search = sweepItemSearch(item, options);
    const result = await searchWith(
      options.engines,
      { ...search, sequences: sequences.get(item.policy) },
      options.signal,
    );
    if (result.stoppedBy === "cancelled") break;
    options.onItem(sweepRunItem(item, result), result.tree);
    outcome.completed++;
  }
  outcome.cancelled = options.signal?.aborted === true && outcome.completed + outcome.skipped < options.items.length;
  return outcome;
}
