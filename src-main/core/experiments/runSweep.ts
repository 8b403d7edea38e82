import { CheckedScorer } from "../reward/CheckedScorer.js";
import type { Scorer } from "../reward/Scorer.js";
import type { BudgetCaps } from "../search/BudgetCaps.js";
import { runSearch } from "../search/runSearch.js";
import { SCORING_STRATEGIES } from "../search/StrategyName.js";
import type { RunItem } from "../store/RunRecord.js";
import type { TreeJson } from "../tree/TreeJson.js";
import type { OpenPolicy, OpenedPolicy } from "./OpenedPolicy.js";
import { strategyBudget } from "./strategyBudget.js";
import type { SweepItemSpec } from "./SweepItemSpec.js";
import { toRunItem } from "./toRunItem.js";

/** A scorer that may hold native resources. */
export type SweepScorer = Scorer & { dispose?(): Promise<void> };

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** The items, in the order to run them (see planSweep). */
  items: readonly SweepItemSpec[];
  /** Keys already completed (a resumed sweep): skipped without loading anything for them. Default none. */
  done?: ReadonlySet<string>;
  /** Policy name → profile path, for every policy the items name. */
  policies: Readonly<Record<string, string>>;
  openPolicy: OpenPolicy;
  /** Called once, on the first item that scores (greedy and self-consistency never do). */
  openScorer: () => Promise<SweepScorer>;
  /** Gate the scorer with the arithmetic step checker (CheckedScorer). Default false. */
  checkArithmetic?: boolean;
  /** The search seed of every item. Default 0. */
  seed?: number;
  /** Caps applied to every item's search on top of its budget. Default none. */
  caps?: BudgetCaps;
  /** Aborting it stops the item in flight, which is then dropped (not reported), and ends the sweep. */
  signal?: AbortSignal;
  /** Receives each completed item with its tree before the next starts: persist it here. A throw ends the sweep. */
  onItem: (item: RunItem, tree: TreeJson) => void;
}

/** How a sweep ended. */
export interface SweepOutcome {
  completed: number;
  skipped: number;
  cancelled: boolean;
}

/** Concurrent decodes an item needs at most, so the policy's context gets enough sequences (capped at 16). */
function parallelism(item: SweepItemSpec): number {
  if (item.budget === null) return 1;
  const o = strategyBudget(item.strategy, item.budget);
  return Math.min(16, item.strategy === "mcts" ? 4 : (o.n ?? 1));
}

/**
 * Runs a sweep's items one after another through runSearch, each policy loaded once for its run of items and
 * disposed after. An item reaches `onItem` only once its search has finished; an item cut off by the signal is
 * dropped, so what was reported is exactly what completed, and a rerun skipping those keys loses nothing else.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const done = options.done ?? new Set<string>();
  const pending = options.items.filter((item) => !done.has(item.key));
  const outcome: SweepOutcome = { completed: 0, skipped: options.items.length - pending.length, cancelled: false };
  let scorer: SweepScorer | undefined;
  let checked: CheckedScorer | undefined;
  let opened: { name: string; policy: OpenedPolicy } | undefined;
  try {
    for (const item of pending) {
      if (options.signal?.aborted) break;
      if (opened?.name !== item.policy) {
        await opened?.policy.dispose();
        opened = undefined;
        const profile = options.policies[item.policy];
        if (profile === undefined) throw new RangeError(`sweep item ${item.key} names unknown policy ${item.policy}`);
        const sequences = Math.max(...pending.filter((i) => i.policy === item.policy).map(parallelism));
        opened = { name: item.policy, policy: await options.openPolicy(profile, sequences) };
      }
      if (SCORING_STRATEGIES.includes(item.strategy)) {
        scorer ??= await options.openScorer();
        if (options.checkArithmetic) checked ??= new CheckedScorer(scorer);
      }
      const result = await runSearch(item.strategy, {
        problem: item.problem.problem,
        policy: opened.policy.policy,
        scorer: checked ?? scorer,
        stepDelimiter: opened.policy.stepDelimiter,
        seed: options.seed ?? 0,
        budget: options.caps,
        signal: options.signal,
        ...(item.budget === null ? {} : strategyBudget(item.strategy, item.budget)),
      });
      if (result.stoppedBy === "cancelled") break;
      const runItem = toRunItem(result, {
        key: item.key,
        problemId: item.problem.id,
        problem: item.problem.problem,
        budget: item.budget,
        policy: item.policy,
        reference: item.problem.answer,
      });
      options.onItem(runItem, result.tree);
      outcome.completed++;
    }
  } finally {
    await opened?.policy.dispose();
    await scorer?.dispose?.();
  }
  outcome.cancelled = options.signal?.aborted === true && outcome.completed + outcome.skipped < options.items.length;
  return outcome;
}
