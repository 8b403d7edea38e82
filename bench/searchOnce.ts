import type { Problem } from "../src-main/core/domain/Problem.js";
import type { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { Scorer } from "../src-main/core/reward/Scorer.js";
import { runSearch } from "../src-main/core/search/runSearch.js";
import type { SearchResult } from "../src-main/core/search/SearchResult.js";
import { countTreeTokens } from "./countTreeTokens.js";
import { treeStepTexts } from "./treeStepTexts.js";

/** Policy work over one strategy's searches with one reuse setting. */
export interface ReuseTotals {
  /** Tokens llama.cpp ran through the model (its token meters): prefill and sampled tokens fed back. */
  engineTokens: number;
  /** Tokens in the final trees, each counted once (countTreeTokens). */
  treeTokens: number;
  nodes: number;
  /** Samples in the final trees: each node once per identical sample merged into it (ThoughtNode.count). */
  samples: number;
  /** The search's own counters: prefill tokens and generated tokens. */
  prefillTokens: number;
  generatedTokens: number;
  ms: number;
  /** engineTokens ÷ treeTokens. */
  prefillRatio: number | null;
}

export const zeroTotals = (): ReuseTotals => ({
  engineTokens: 0,
  treeTokens: 0,
  nodes: 0,
  samples: 0,
  prefillTokens: 0,
  generatedTokens: 0,
  ms: 0,
  prefillRatio: null,
});

export const STRATEGIES = {
  beam: { name: "beam", options: { n: 8, beamWidth: 4 }, settings: "N=8, beam width 4" },
  mcts: { name: "mcts", options: { iterations: 64 }, settings: "64 iterations, width 4, PRM value" },
} as const;

/** One search, its policy work added to `totals`: engine tokens, tree tokens, nodes, and its own counters. */
export async function searchOnce(
  policy: LlamaPolicy,
  scorer: Scorer,
  strategy: keyof typeof STRATEGIES,
  problem: Problem,
  seed: number,
  totals: ReuseTotals,
): Promise<SearchResult> {
  const before = policy.evaluatedByEngine;
  const { name, options } = STRATEGIES[strategy];
  const result = await runSearch(name, { problem: problem.problem, policy, scorer, seed, ...options });
  totals.engineTokens += policy.evaluatedByEngine - before;
  const paths = treeStepTexts(result.tree);
  totals.treeTokens += countTreeTokens(
    result.tree.nodes,
    (id) => policy.prefixTokens(problem.problem, paths[id] ?? []).length,
  );
  totals.nodes += result.tree.nodes.length;
  totals.samples += result.tree.nodes.reduce((n, node) => n + (node.count ?? 1), 0);
  totals.prefillTokens += result.spent.evaluatedTokens;
  totals.generatedTokens += result.spent.generatedTokens;
  totals.ms += result.spent.ms;
  return result;
}
