import type { Problem } from "../src-main/core/domain/Problem.js";
import { answersMatch } from "../src-main/core/domain/answerChecker.js";
import type { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";
import { runSearch } from "../src-main/core/search/runSearch.js";

/** One strategy's accuracy and what it spent, over the accuracy problems. */
export interface AccuracyCell {
  label: string;
  correct: number;
  problems: number;
  accuracy: number;
  meanGeneratedTokens: number;
  /** Correct answers per 1,000 generated tokens: accuracy for the compute. */
  correctPerKiloToken: number;
}

export interface AccuracyFigures {
  n: number;
  cells: AccuracyCell[];
  /** beam@N accuracy − best-of-4N accuracy, and beam@N's share of best-of-4N's generated tokens. */
  beamMinusBestOf4N: number;
  beamTokenShare: number;
}

const RUNS = (n: number) =>
  [
    { label: `beam@${n}`, name: "beam", options: { n, beamWidth: 4 } },
    { label: `best-of-${n}`, name: "best-of-n", options: { n } },
    { label: `best-of-${4 * n}`, name: "best-of-n", options: { n: 4 * n } },
  ] as const;

/**
 * beam@N against best-of-N@4N (and best-of-N@N, which spends about what beam@N does) on the same problems and
 * seeds, each judged by the answer checker. A fresh PRM per strategy, so no strategy is scored from another's
 * cache. Reports mean generated tokens beside accuracy: "equal compute" is read off the measured tokens.
 */
export async function measureAccuracy(
  policy: LlamaPolicy,
  loadPrm: () => Promise<OnnxPrm>,
  problems: readonly Problem[],
  n: number,
  onProgress: (label: string, done: number, total: number) => void,
): Promise<AccuracyFigures> {
  const cells: AccuracyCell[] = [];
  for (const run of RUNS(n)) {
    const scorer = await loadPrm();
    let correct = 0;
    let tokens = 0;
    try {
      for (const [i, p] of problems.entries()) {
        const r = await runSearch(run.name, { problem: p.problem, policy, scorer, seed: i, ...run.options });
        if (r.answer !== null && answersMatch(r.answer, p.answer)) correct++;
        tokens += r.spent.generatedTokens;
        onProgress(run.label, i + 1, problems.length);
      }
    } finally {
      await scorer.dispose();
    }
    cells.push({
      label: run.label,
      correct,
      problems: problems.length,
      accuracy: correct / problems.length,
      meanGeneratedTokens: tokens / problems.length,
      correctPerKiloToken: tokens === 0 ? 0 : (1000 * correct) / tokens,
    });
  }
  const [beam, , best4] = cells as [AccuracyCell, AccuracyCell, AccuracyCell];
  return {
    n,
    cells,
    beamMinusBestOf4N: beam.accuracy - best4.accuracy,
    beamTokenShare: beam.meanGeneratedTokens / best4.meanGeneratedTokens,
  };
}
