import type { Sampling } from "../core/policy/Sampling.js";
import type { AnyStrategyOptions } from "../core/search/searchSettings.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import type { CandidateTable } from "../core/search/candidateTable.js";
import { rolloutOnly, winnerScoreText } from "../core/search/candidateWords.js";
import { stopSentence } from "../core/search/stopSentence.js";
import type { CliIo } from "./CliIo.js";
import { formatTable } from "./formatTable.js";

const score = (s: number | null): string => (s === null ? "  -  " : s.toFixed(3));

/** A path step's score column: an MCTS rollout's step is no tree node and was never scored on its own. */
const stepScore = (step: SearchResult["path"][number]): string =>
  step.nodeId === null && step.score === null ? "rollout, unscored" : score(step.score);

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
    /** Why this answer (candidateTable): every distinct answer with its count and score; null where not computed. */
    candidates: result.candidates ?? null,
  };
}

/**
 * The candidates table for a person: the rule that chose, then one line per distinct answer (count, share, the
 * rule's score, MCTS rollouts and visits, right or wrong against a reference), the winner marked, an answer only
 * rollouts reached marked "(rollout only)", and the paths that reached no answer on a line of their own.
 */
export function candidatesText(table: CandidateTable): string {
  const mcts = table.rows.some((r) => r.visits !== null);
  const checked = table.reference !== null;
  const header = [
    "",
    "answer",
    table.countLabel,
    "share",
    ...(table.scoreLabel === null ? [] : [table.scoreLabel]),
    ...(mcts ? ["by rollout", "visits"] : []),
    ...(checked ? [`vs ${table.reference}`] : []),
  ];
  const scoreWidth = Math.max(0, ...table.rows.map((r) => r.score?.toFixed(3).length ?? 0));
  const rows = table.rows.map((r) => [
    r.winner ? "*" : "",
    r.answer === null ? "(no answer reached)" : rolloutOnly(r) ? `${r.answer} (rollout only)` : r.answer,
    r.count,
    // Pre-padded so the decimal points line up (formatTable right-aligns only all-number columns).
    `${(100 * r.share).toFixed(1)}%`.padStart(6),
    ...(table.scoreLabel === null ? [] : [r.score === null ? "-" : r.score.toFixed(3).padStart(scoreWidth)]),
    ...(mcts ? [r.rollouts, r.visits] : []),
    ...(checked ? [r.correct === null ? "" : r.correct ? "right" : "wrong"] : []),
  ]);
  const lines = formatTable(header, rows)
    .split("\n")
    .map((line) => (line ? `  ${line}` : line))
    .join("\n");
  return `Candidates (${table.total} ${table.countLabel}; * the answer): ${table.rule}\n${lines}`;
}

/** How a header names the PRM: with the step-checker gate when the search used it. */
export function prmLabel(name: string, checkArithmetic: boolean): string {
  return checkArithmetic ? `${name} gated by the step checker` : name;
}

/** What a result's score is, in words: a vote share, a weighted vote's sum, an ORM score, or the score it was chosen by. */
function scoreWord(result: SearchResult, options: AnyStrategyOptions): string {
  if (result.strategy === "self-consistency") return "vote share";
  if (options.weighted) return "chosen by weighted vote, score sum";
  if (result.strategy === "best-of-n" && options.verifier === "orm") return "chosen by ORM score";
  return "chosen by score";
}

/** The strategy's own settings as `--help` names them (`n 8, width 4, lookahead 1`); sampling is printed apart. */
export function settingsText(options: AnyStrategyOptions): string {
  const parts: string[] = [];
  const { n, beamWidth, width, iterations, lookahead, aggregate, weighted, verifier, value, cPuct } = options;
  if (n !== undefined) parts.push(`n ${n}`);
  if (beamWidth !== undefined) parts.push(`width ${beamWidth}`);
  if (width !== undefined) parts.push(`width ${width}`);
  if (iterations !== undefined) parts.push(`iterations ${iterations}`);
  if (verifier !== undefined) parts.push(`verifier ${verifier}`);
  if (aggregate !== undefined) parts.push(`aggregate ${aggregate}`);
  if (weighted) parts.push("weighted voting");
  if (lookahead) parts.push(`lookahead ${lookahead}`);
  if (value !== undefined) parts.push(`value ${value}`);
  if (cPuct !== undefined) parts.push(`c-puct ${cPuct}`);
  return parts.join(", ");
}

/** The sampling settings as `--help` names them: `temperature 0.8, top-k 40, top-p 0.95, min-p 0`. */
export function samplingText(sampling: Sampling): string {
  const parts = [`temperature ${sampling.temperature ?? 0}`];
  if (sampling.topK !== undefined) parts.push(`top-k ${sampling.topK}`);
  if (sampling.topP !== undefined) parts.push(`top-p ${sampling.topP}`);
  if (sampling.minP !== undefined) parts.push(`min-p ${sampling.minP}`);
  return parts.join(", ");
}

/**
 * A search result for a person: the settings, the chosen path with each step's PRM score, the answer, and what it
 * cost. `options` are the strategy options it ran with (SearchSettings.options), for the settings line and for
 * naming what the score is.
 */
export function printSearchResult(
  io: CliIo,
  problem: string,
  result: SearchResult,
  models: string,
  options: AnyStrategyOptions = {},
): void {
  const s = result.spent;
  io.out(`Problem: ${problem}\n`);
  const own = settingsText(options);
  io.out(`Strategy: ${result.strategy}${own ? ` (${own})` : ""}, seed ${result.seed} (${models})\n`);
  io.out(`Sampling: ${samplingText(result.sampling)}\n`);
  const stepScores = result.path.some((step) => step.score !== null);
  io.out(stepScores ? "Path (PRM score, step):\n" : "Path:\n");
  for (const step of result.path) io.out(`  ${stepScore(step)}  ${step.text}\n`);
  if (result.path.length === 0) io.out("  (no steps)\n");
  // The winner row's score under the table's name, so the answer line and the table agree (winnerScoreText).
  const named = result.candidates ? winnerScoreText(result.candidates) : null;
  const by =
    result.answer === null
      ? ""
      : named !== null
        ? ` (${named})`
        : result.score === null
          ? ""
          : ` (${scoreWord(result, options)} ${result.score.toFixed(3)})`;
  io.out(result.answer === null ? "No answer: no path reached one.\n" : `Answer: ${result.answer}${by}\n`);
  if (result.candidates) io.out(candidatesText(result.candidates));
  // A text the token cap cut is the cap's doing, not the profile's step limit or the context.
  const ended =
    result.finishReason === "length" && result.stoppedBy === "generatedTokens"
      ? "length: the policy's text was cut by the generated-token cap (--max-tokens)"
      : result.finishReason === null
        ? undefined
        : ENDED[result.finishReason];
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
      `${s.nodes} nodes, ${Math.round(s.ms)} ms\n`,
  );
  io.out(`${result.candidates?.stopped ?? stopSentence(result.stoppedBy, undefined, result.answer !== null)}\n`);
}
