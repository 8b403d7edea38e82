/**
 * How a path's step scores become one number: the last step's score (the PRM's estimate for the whole
 * prefix), the minimum (a solution is as good as its weakest step), or the product (every step right).
 */
export type Aggregate = "last" | "min" | "product";

/** The aggregates, for option checks. */
export const AGGREGATES: readonly Aggregate[] = ["last", "min", "product"];

/** Aggregates step scores; an empty path scores 0, since it has earned nothing. */
export function aggregateScores(scores: readonly number[], how: Aggregate): number {
  if (scores.length === 0) return 0;
  switch (how) {
    case "last":
      return scores[scores.length - 1] ?? 0;
    case "min":
      return Math.min(...scores);
    case "product":
      return scores.reduce((p, s) => p * s, 1);
  }
}
