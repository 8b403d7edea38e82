import type { Sampling } from "../core/policy/Sampling.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import type { CliIo } from "./CliIo.js";

const score = (s: number | null): string => (s === null ? "  -  " : s.toFixed(3));

/** A line for a solution whose text did not end normally (SearchResult.finishReason). */
const ENDED: Partial<Record<NonNullable<SearchResult["finishReason"]>, string>> = {
  length: "length: the policy's text was cut at its step token limit or at the end of the model's context",
  eos: "eos: the model stopped without writing an answer",
};

/** The object `solve --json` prints (and `compare --json` per policy): answer, path with scores, spent compute. */
export function solveJson(result: SearchResult) {
  const { generatedTokens, evaluatedTokens, rewardCalls, nodes, ms } = result.spent;
  return {
    answer: result.answer,
    path: result.path.map((step) => ({ text: step.text, score: step.score })),
    spent: { generatedTokens, evaluatedTokens, rewardCalls, nodes, ms: Math.round(ms) },
    strategy: result.strategy,
    seed: result.seed,
    sampling: result.sampling,
    stoppedBy: result.stoppedBy,
    finishReason: result.finishReason,
    nonFiniteScores: result.nonFiniteScores,
  };
}

/** How a header names the PRM: with the step-checker gate when the search used it. */
export function prmLabel(name: string, checkArithmetic: boolean): string {
  return checkArithmetic ? `${name} gated by the step checker` : name;
}

/** What a result's score is, in words: a vote share for self-consistency, else the score it was chosen by. */
function scoreWord(result: SearchResult): string {
  return result.strategy === "self-consistency" ? "vote share" : "chosen by score";
}

/** The sampling settings as `--help` names them: `temperature 0.8, top-k 40, top-p 0.95, min-p 0`. */
export function samplingText(sampling: Sampling): string {
  const parts = [`temperature ${sampling.temperature ?? 0}`];
  if (sampling.topK !== undefined) parts.push(`top-k ${sampling.topK}`);
  if (sampling.topP !== undefined) parts.push(`top-p ${sampling.topP}`);
  if (sampling.minP !== undefined) parts.push(`min-p ${sampling.minP}`);
  return parts.join(", ");
}

/** A search result for a person: the chosen path with each step's PRM score, the answer, and what it cost. */
export function printSearchResult(io: CliIo, problem: string, result: SearchResult, models: string): void {
  const s = result.spent;
  io.out(`Problem: ${problem}\n`);
  io.out(`Strategy: ${result.strategy}, seed ${result.seed} (${models})\n`);
  io.out(`Sampling: ${samplingText(result.sampling)}\n`);
  io.out(result.reward === null ? "Path:\n" : "Path (PRM score, step):\n");
  for (const step of result.path) io.out(`  ${score(step.score)}  ${step.text}\n`);
  if (result.path.length === 0) io.out("  (no steps)\n");
  const by =
    result.answer === null || result.score === null ? "" : ` (${scoreWord(result)} ${result.score.toFixed(3)})`;
  io.out(`Answer: ${result.answer ?? "(none)"}${by}\n`);
  const ended = result.finishReason === null ? undefined : ENDED[result.finishReason];
  if (ended) io.out(`Ended: ${ended}\n`);
  const overLength = result.reward?.overLengthSteps ?? 0;
  if (overLength > 0)
    io.out(`PRM: ${overLength} step scores lay past the PRM's maximum input length: not run, counted as 0\n`);
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
