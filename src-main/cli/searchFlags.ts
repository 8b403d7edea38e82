import type { Command } from "commander";
import { beamWidthFor } from "../core/experiments/strategyBudget.js";
import type { OpenedPolicy } from "../core/experiments/OpenedPolicy.js";
import type { Scorer } from "../core/reward/Scorer.js";
import type { BudgetCaps } from "../core/search/BudgetCaps.js";
import { runSearch, type StrategyOptions } from "../core/search/runSearch.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import type { StrategyName } from "../core/search/StrategyName.js";
import { positiveInteger, numberIn, seedNumber } from "./parseNumberOption.js";
import { parseStrategy } from "./parseList.js";
import { UsageError } from "./UsageError.js";

/** The search options `solve` and `compare` share, as commander parses them. */
export interface SearchFlags {
  strategy: StrategyName;
  n?: number;
  width?: number;
  iterations?: number;
  seed: number;
  temperature?: number;
  maxTokens?: number;
  maxEvaluatedTokens?: number;
  maxRewardCalls?: number;
  maxNodes?: number;
  maxMs?: number;
}

/** A validated search: the strategy, its own options, the caps, and what loading the models needs to know. */
export interface SearchSettings {
  strategy: StrategyName;
  /** Strategy-specific options (n, beamWidth, width, iterations) and the sampling temperature. */
  options: Partial<StrategyOptions["beam"] & StrategyOptions["mcts"]>;
  caps: BudgetCaps;
  seed: number;
  /** Greedy and self-consistency never score: no PRM is loaded for them. */
  needsScorer: boolean;
  /** Concurrent decodes the strategy asks for at most: the policy's sequence count. */
  sequences: number;
}

/** Declares the shared search options on a command. */
export function addSearchFlags(command: Command): Command {
  return command
    .option("--strategy <name>", "greedy | self-consistency | best-of-n | beam | dvts | mcts", parseStrategy, "beam")
    .option(
      "--n <n>",
      "samples (self-consistency, best-of-n) or candidates per depth (beam, dvts); default 8",
      positiveInteger,
    )
    .option(
      "--width <m>",
      "beam width M for beam and dvts (must divide n); children per expansion for mcts",
      positiveInteger,
    )
    .option("--iterations <k>", "MCTS rounds; default 32", positiveInteger)
    .option("--seed <s>", "search seed; every sampling seed is derived from it", seedNumber, 0)
    .option("--temperature <t>", "sampling temperature of sampled strategies; default 0.8", numberIn(0, 5))
    .option("--max-tokens <t>", "cap on generated tokens", positiveInteger)
    .option("--max-evaluated-tokens <t>", "cap on evaluated (prefill) tokens", positiveInteger)
    .option("--max-reward-calls <r>", "cap on reward-model calls", positiveInteger)
    .option("--max-nodes <k>", "cap on tree nodes", positiveInteger)
    .option("--max-ms <ms>", "cap on wall time, in milliseconds", positiveInteger);
}

const APPLIES: Record<"n" | "width" | "iterations", readonly StrategyName[]> = {
  n: ["self-consistency", "best-of-n", "beam", "dvts"],
  width: ["beam", "dvts", "mcts"],
  iterations: ["mcts"],
};

/** Checks that each option given applies to the strategy (a silently ignored --n would mislead) and maps them. */
export function searchSettings(flags: SearchFlags): SearchSettings {
  const { strategy } = flags;
  for (const field of ["n", "width", "iterations"] as const)
    if (flags[field] !== undefined && !APPLIES[field].includes(strategy))
      throw new UsageError(
        `--${field} does not apply to ${strategy} (it applies to ${APPLIES[field].join(", ")})`,
        field,
      );
  const options: SearchSettings["options"] = {};
  if (flags.temperature !== undefined) options.sampling = { temperature: flags.temperature };
  if (flags.n !== undefined) options.n = flags.n;
  if (strategy === "mcts") {
    if (flags.iterations !== undefined) options.iterations = flags.iterations;
    if (flags.width !== undefined) options.width = flags.width;
  } else if (strategy === "beam" || strategy === "dvts") {
    const n = flags.n ?? 8;
    const width = flags.width ?? (flags.n === undefined ? 4 : beamWidthFor(n));
    if (n % width !== 0) throw new UsageError(`--width ${width} must divide --n ${n}`, "width");
    options.n = n;
    options.beamWidth = width;
  }
  const caps: BudgetCaps = {};
  if (flags.maxTokens !== undefined) caps.generatedTokens = flags.maxTokens;
  if (flags.maxEvaluatedTokens !== undefined) caps.evaluatedTokens = flags.maxEvaluatedTokens;
  if (flags.maxRewardCalls !== undefined) caps.rewardCalls = flags.maxRewardCalls;
  if (flags.maxNodes !== undefined) caps.nodes = flags.maxNodes;
  if (flags.maxMs !== undefined) caps.ms = flags.maxMs;
  const parallel = strategy === "greedy" ? 1 : strategy === "mcts" ? (flags.width ?? 4) : (options.n ?? 8);
  return {
    strategy,
    options,
    caps,
    seed: flags.seed,
    needsScorer: strategy !== "greedy" && strategy !== "self-consistency",
    sequences: Math.min(16, parallel),
  };
}

/** Runs the validated search on one problem with a loaded policy (and a scorer when the strategy needs one). */
export function searchWith(
  settings: SearchSettings,
  problem: string,
  policy: OpenedPolicy,
  scorer: Scorer | undefined,
  signal: AbortSignal,
): Promise<SearchResult> {
  return runSearch(settings.strategy, {
    ...settings.options,
    problem,
    policy: policy.policy,
    scorer,
    stepDelimiter: policy.stepDelimiter,
    seed: settings.seed,
    budget: settings.caps,
    signal,
  });
}
