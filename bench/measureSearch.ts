import type { Problem } from "../src-main/core/domain/Problem.js";
import { answersMatch } from "../src-main/core/domain/answerChecker.js";
import type { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";
import type { SearchResult } from "../src-main/core/search/SearchResult.js";
import { countDistinctTokens } from "./countDistinctTokens.js";
import { ratio } from "./Goal.js";
import type { PrmEncoder } from "./prmTokenRows.js";
import { RecordingScorer } from "./RecordingScorer.js";
import { searchOnce, STRATEGIES, zeroTotals, type ReuseTotals } from "./searchOnce.js";

/** PRM work over one strategy's searches (with reuse; scoring does not depend on the policy's KV reuse). */
export interface PrmTotals {
  /** Tokens the ONNX model ran over, padding excluded (ScoreCost.evaluatedTokens). */
  processedTokens: number;
  /** Tokens whose keys/values the cached-form PRM read from its cache instead of running them (ScoreCost.reusedTokens). */
  reusedTokens: number;
  /** Whether the PRM ran in cached form (incremental scoring from the parent's past keys/values). */
  incremental: boolean;
  paddingTokens: number;
  /** Distinct PRM input tokens over every path scored, per problem (a trie of the encoded rows). */
  distinctTokens: number;
  /** What the reward module counts as new: tokens past each path's cached prefix (ScoreCost.newTokens). */
  newTokens: number;
  modelCalls: number;
  rewardCalls: number;
  cacheHits: number;
  /** processedTokens ÷ distinctTokens. */
  prmRatio: number | null;
}

export interface StrategyFigures {
  strategy: "beam" | "mcts";
  settings: string;
  problems: number;
  reuse: ReuseTotals;
  noReuse: ReuseTotals;
  /** Problems whose tree came out identical with and without reuse (same seeds): reuse changes cost, not results. */
  identicalTrees: number;
  prm: PrmTotals;
  /** Problems answered correctly (with reuse). */
  correct: number;
  /** Generated tokens per problem, with reuse: what accuracy-per-compute compares at. */
  generatedPerProblem: number[];
}

/** The policies and scorers the search measurement runs on: one per reuse setting, a fresh PRM per strategy. */
export interface SearchRig {
  withReuse: LlamaPolicy;
  withoutReuse: LlamaPolicy;
  /** A fresh PRM per call: its prefix cache must not carry one search's scores into another's count. */
  loadPrm: () => Promise<OnnxPrm>;
  encoder: PrmEncoder;
}

/**
 * Runs one strategy over the problems twice, with and without KV reuse (same seeds, so the same trees), and
 * counts what the policy engine evaluated against the tokens of the trees, and what the PRM processed against the
 * distinct tokens of the paths it scored. The two settings alternate which runs first, problem by problem.
 */
export async function measureSearch(
  rig: SearchRig,
  strategy: keyof typeof STRATEGIES,
  problems: readonly Problem[],
  onProgress: (done: number, total: number) => void,
): Promise<StrategyFigures> {
  const reuse = zeroTotals();
  const noReuse = zeroTotals();
  const [prmOn, prmOff] = [await rig.loadPrm(), await rig.loadPrm()];
  const scorerOn = new RecordingScorer(prmOn);
  const scorerOff = new RecordingScorer(prmOff);
  let identicalTrees = 0;
  let correct = 0;
  const generatedPerProblem: number[] = [];
  const prmBefore = prmOn.accounting;
  let rewardCalls = 0;
  try {
    for (const [i, p] of problems.entries()) {
      const on = () => searchOnce(rig.withReuse, scorerOn, strategy, p, i, reuse);
      const off = () => searchOnce(rig.withoutReuse, scorerOff, strategy, p, i, noReuse);
      let a: SearchResult;
      let b: SearchResult;
      if (i % 2 === 0) {
        a = await on();
        b = await off();
      } else {
        b = await off();
        a = await on();
      }
      const texts = (r: SearchResult) => JSON.stringify(r.tree.nodes.map((n) => [n.parent, n.stepText]));
      if (texts(a) === texts(b)) identicalTrees++;
      if (a.answer !== null && answersMatch(a.answer, p.answer)) correct++;
      generatedPerProblem.push(a.spent.generatedTokens);
      rewardCalls += a.spent.rewardCalls;
      onProgress(i + 1, problems.length);
    }
    const cost = prmOn.accounting;
    let distinctTokens = 0;
    for (const [problem, paths] of scorerOn.paths)
      distinctTokens += countDistinctTokens(rig.encoder.rows(problem, paths));
    const processedTokens = cost.evaluatedTokens - prmBefore.evaluatedTokens;
    for (const t of [reuse, noReuse]) t.prefillRatio = ratio(t.engineTokens, t.treeTokens);
    return {
      strategy,
      settings: STRATEGIES[strategy].settings,
      problems: problems.length,
      reuse,
      noReuse,
      identicalTrees,
      prm: {
        processedTokens,
        reusedTokens: cost.reusedTokens - prmBefore.reusedTokens,
        incremental: prmOn.incremental,
        paddingTokens: cost.paddingTokens - prmBefore.paddingTokens,
        distinctTokens,
        newTokens: cost.newTokens - prmBefore.newTokens,
        modelCalls: cost.modelCalls - prmBefore.modelCalls,
        rewardCalls,
        cacheHits: cost.cacheHits - prmBefore.cacheHits,
        prmRatio: ratio(processedTokens, distinctTokens),
      },
      correct,
      generatedPerProblem,
    };
  } finally {
    await Promise.all([prmOn.dispose(), prmOff.dispose()]);
  }
}
