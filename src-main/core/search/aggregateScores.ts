/**
 * How a path's step scores become one number: the last step's score (the PRM's estimate for the whole
 * prefix), the minimum (a solution is as good as its weakest step), or the product (every step right).
 */
export type Aggregate = "last" | "min" | "product";

/** The aggregates, for option checks. */
export const AGGREGATES: readonly Aggregate[] = ["last", "min", "product"];

/**
 * Aggregates step scores; an empty path scores 0, since it has earned nothing. A path with any step score that is
 * not finite aggregates to NaN, whatever the aggregate, so that the caller's rule for non-finite scores
 * (finiteScore) applies to the whole path: left alone, `min` would skip a +Infinity, `product` would let it win,
 * and `last` would hide a failed earlier step.
 */
export function aggregateScores(scores: readonly number[], how: Aggregate): number {
  if (scores.length === 0) return 0;
  if (!scores.every(Number.isFinite)) return NaN;
  switch (how) {
    case "last":
      return scores[scores.length - 1] ?? 0;
    case "min":
      return Math.min(...scores);
    case "product":
      return scores.reduce((p, s) => p * s, 1);
  }
}
