import { answersMatch } from "../domain/answerChecker.js";
import type { Problem } from "../domain/Problem.js";
import type { LlamaPolicy } from "../policy/LlamaPolicy.js";
import { mapConcurrent } from "./mapConcurrent.js";

export interface AccuracyBreakdown {
  problems: number;
  correct: number;
  accuracy: number;
  /** accuracy by `family/difficulty` */
  byCell: Record<string, { problems: number; accuracy: number }>;
}

export interface SamplingReport extends AccuracyBreakdown {
  generatedTokens: number;
  seconds: number;
  tokensPerSecond: number;
}

/** Accuracy overall and per family/difficulty cell, from whether each problem (in order) was solved. */
export function breakdown(problems: readonly Problem[], solved: readonly boolean[]): AccuracyBreakdown {
  const cells: Record<string, { problems: number; correct: number }> = {};
  problems.forEach((p, i) => {
    const cell = (cells[`${p.family}/${p.difficulty}`] ??= { problems: 0, correct: 0 });
    cell.problems++;
    if (solved[i]) cell.correct++;
  });
  const correct = solved.filter(Boolean).length;
  return {
    problems: problems.length,
    correct,
    accuracy: correct / Math.max(1, problems.length),
    byCell: Object.fromEntries(
      Object.entries(cells).map(([k, c]) => [k, { problems: c.problems, accuracy: c.correct / c.problems }]),
    ),
  };
}

/**
 * The truncation pass@k samples with, stated rather than left to the engine: top-k 40 and top-p 0.95, what
 * node-llama-cpp applied unseen when the model cards' pass@16 was first measured (docs/sampling.md), so the cards
 * keep measuring the same thing whatever Mull's search defaults (SAMPLING_DEFAULTS) are.
 */
export const PASS_AT_K_TRUNCATION = { topK: 40, topP: 0.95, minP: 0 } as const;

/**
 * pass@k: a problem counts as solved when any of k samples (seeds seedBase..seedBase+k-1 at the given temperature,
 * truncated by PASS_AT_K_TRUNCATION) reaches the reference answer. k = 1 with temperature 0 is greedy accuracy.
 * Another seedBase shows how much of a difference between two models is the sampling seeds' own spread.
 */
export async function passAtK(
  policy: LlamaPolicy,
  problems: readonly Problem[],
  k: number,
  temperature: number,
  { onProgress, seedBase = 1000 }: { onProgress?: (done: number, total: number) => void; seedBase?: number } = {},
): Promise<SamplingReport> {
  const started = performance.now();
  const jobs = problems.flatMap((p, i) => Array.from({ length: k }, (_, s) => ({ p, i, s })));
  const solved = new Array<boolean>(problems.length).fill(false);
  let generatedTokens = 0;
  let done = 0;
  await mapConcurrent(jobs, 8, async ({ p, i, s }) => {
    const sampling = temperature > 0 ? { temperature, ...PASS_AT_K_TRUNCATION, seed: seedBase + s } : {};
    const out = await policy.generateSolution(p.problem, sampling);
    generatedTokens += out.generatedTokens;
    if (out.answer !== undefined && answersMatch(out.answer, p.answer)) solved[i] = true;
    onProgress?.(++done, jobs.length);
  });
  const seconds = (performance.now() - started) / 1000;
  return { ...breakdown(problems, solved), generatedTokens, seconds, tokensPerSecond: generatedTokens / seconds };
}
