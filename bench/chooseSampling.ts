import type { SamplingCell } from "./measureSampling.js";

/** The rule the defaults are chosen by, as docs/sampling.md states it. */
export const CHOICE_RULE =
  "the setting with the highest self-consistency@16 accuracy on the dev split; ties broken by pass@16, then by " +
  "more distinct answers per 16 samples (diversity), then by grid order (the baseline first)";

/** A setting against another on the same problems and seeds: the problems only one of them solved. */
export interface PairedComparison {
  /** Problems this setting's majority answer solved and the other's did not. */
  wins: number;
  /** Problems the other solved and this one did not. */
  losses: number;
  /** Exact two-sided sign test on wins against losses (McNemar's test, exact form): how likely a split this uneven is by chance. */
  pValue: number;
}

/**
 * Exact two-sided sign test: P(a split at least as uneven as `wins` : `losses`) when each discordant problem is a
 * fair coin. McNemar (1947), "Note on the sampling error of the difference between correlated proportions", in its
 * exact binomial form; 1 when there are no discordant problems.
 */
export function signTest(wins: number, losses: number): number {
  const m = wins + losses;
  const k = Math.min(wins, losses);
  let term = 2 ** -m; // C(m, 0) / 2^m
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += term;
    term = (term * (m - i)) / (i + 1);
  }
  return Math.min(1, 2 * tail);
}

/** Paired comparison of two per-problem correctness lists (1 = solved) over the same problems, in the same order. */
export function comparePaired(a: readonly (0 | 1)[], b: readonly (0 | 1)[]): PairedComparison {
  let wins = 0;
  let losses = 0;
  a.forEach((x, i) => {
    const y = b[i];
    if (x === 1 && y === 0) wins++;
    if (x === 0 && y === 1) losses++;
  });
  return { wins, losses, pValue: signTest(wins, losses) };
}

/** The cell CHOICE_RULE picks; the cells must come in grid order. Undefined for no cells. */
export function chooseSampling(cells: readonly SamplingCell[]): SamplingCell | undefined {
  return cells.reduce<SamplingCell | undefined>((best, c) => {
    if (best === undefined) return c;
    const key = (x: SamplingCell) => [x.majorityCorrect, x.passCorrect, x.meanDistinctAnswers];
    const [a, b] = [key(c), key(best)];
    for (let i = 0; i < a.length; i++) {
      if ((a[i] ?? 0) > (b[i] ?? 0)) return c;
      if ((a[i] ?? 0) < (b[i] ?? 0)) return best;
    }
    return best;
  }, undefined);
}
