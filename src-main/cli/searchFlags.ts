import type { Command } from "commander";
import type { BudgetCaps } from "../core/search/BudgetCaps.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { searchSettings as coreSearchSettings, type SearchSettings } from "../core/search/searchSettings.js";
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
  checkArithmetic?: boolean;
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
    .option("--max-ms <ms>", "cap on wall time, in milliseconds", positiveInteger)
    .option(
      "--check-arithmetic",
      "gate the PRM with the arithmetic step checker: a step with a wrong `a op b = c` claim, and all after it, score 0",
    );
}

/**
 * The flags as core's search settings (core/search/searchSettings), with its errors worded as flags: `--n does
 * not apply to greedy`, exit code 2.
 */
export function searchSettings(flags: SearchFlags): SearchSettings {
  const caps: BudgetCaps = {};
  if (flags.maxTokens !== undefined) caps.generatedTokens = flags.maxTokens;
  if (flags.maxEvaluatedTokens !== undefined) caps.evaluatedTokens = flags.maxEvaluatedTokens;
  if (flags.maxRewardCalls !== undefined) caps.rewardCalls = flags.maxRewardCalls;
  if (flags.maxNodes !== undefined) caps.nodes = flags.maxNodes;
  if (flags.maxMs !== undefined) caps.ms = flags.maxMs;
  const { strategy, n, width, iterations, seed, temperature, checkArithmetic } = flags;
  const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  try {
    return coreSearchSettings({ strategy, n, width, iterations, seed, temperature, caps, checkArithmetic }, flag);
  } catch (e) {
    if (e instanceof SearchOptionError) throw new UsageError(e.problem, e.field);
    throw e;
  }
}
