import type { SearchResult } from "../core/search/SearchResult.js";
import type { CliIo } from "./CliIo.js";

const score = (s: number | null): string => (s === null ? "  -  " : s.toFixed(3));

/** The object `solve --json` prints (and `compare --json` per policy): answer, path with scores, spent compute. */
export function solveJson(result: SearchResult) {
  const { generatedTokens, evaluatedTokens, rewardCalls, nodes, ms } = result.spent;
  return {
    answer: result.answer,
    path: result.path.map((step) => ({ text: step.text, score: step.score })),
    spent: { generatedTokens, evaluatedTokens, rewardCalls, nodes, ms: Math.round(ms) },
    strategy: result.strategy,
    seed: result.seed,
    nonFiniteScores: result.nonFiniteScores,
  };
}

/** How a header names the PRM: with the step-checker gate when the search used it. */
export function prmLabel(name: string, checkArithmetic: boolean): string {
  return checkArithmetic ? `${name} gated by the step checker` : name;
}

/** A search result for a person: the chosen path with each step's PRM score, the answer, and what it cost. */
export function printSearchResult(io: CliIo, problem: string, result: SearchResult, models: string): void {
  const s = result.spent;
  io.out(`Problem: ${problem}\n`);
  io.out(`Strategy: ${result.strategy}, seed ${result.seed} (${models})\n`);
  io.out(`Path (PRM score, step):\n`);
  for (const step of result.path) io.out(`  ${score(step.score)}  ${step.text}\n`);
  if (result.path.length === 0) io.out("  (no steps)\n");
  const by = result.score === null ? "" : ` (chosen by score ${result.score.toFixed(3)})`;
  io.out(`Answer: ${result.answer ?? "(none)"}${by}\n`);
  if (result.nonFiniteScores > 0)
    io.err(
      `Warning: the reward model returned ${result.nonFiniteScores} score(s) that are not finite numbers ` +
        `(NaN or ±Infinity); each ranked below every finite score and decided nothing\n`,
    );
  io.out(
    `Spent: ${s.generatedTokens} tokens generated, ${s.evaluatedTokens} evaluated, ${s.rewardCalls} reward calls, ` +
      `${s.nodes} nodes, ${Math.round(s.ms)} ms; stopped: ${result.stoppedBy}\n`,
  );
}
