/**
 * The one rule for a reward score that is not a finite number (NaN, +Infinity, -Infinity), wherever a score
 * enters search: PRM step scores, ORM outcome scores, their aggregate, voting weights, MCTS backup, the final
 * choice. Such a score means the scorer failed on that input, so it must never decide anything in the
 * candidate's favour, and it must not depend on the order candidates arrive in:
 *
 * - in a ranking it counts as the worst possible score, below every finite one (`rank`): it never wins a
 *   comparison against a finite score, and among themselves non-finite scores tie (the earlier candidate stays
 *   first, as for any tie);
 * - in a sum or a mean (weighted voting, MCTS values) it counts as 0, the lowest score the Scorer contract
 *   allows (`weight`): it adds nothing and cannot turn a mean into NaN;
 * - in a saved tree or a result it is null (`orNull`): JSON has no NaN, and "no usable score" is what it is.
 *
 * SearchRun counts every non-finite score the scorer returns; the result reports the count
 * (SearchResult.nonFiniteScores), so a search that met them says so.
 */
export const finiteScore = {
  /** Whether a score is a finite number (the scorer worked). */
  isFinite(score: number): boolean {
    return Number.isFinite(score);
  },
  /** The score to rank by: the score itself, or -Infinity (below every finite score) when not finite. */
  rank(score: number): number {
    return Number.isFinite(score) ? score : -Infinity;
  },
  /**
   * A sort comparator, best first: negative when `a` ranks above `b`, 0 for a tie (two non-finite scores tie; a
   * stable sort then keeps their order). Written out because `rank(b) - rank(a)` is NaN for two -Infinity ranks.
   */
  descending(a: number, b: number): number {
    const [ra, rb] = [finiteScore.rank(a), finiteScore.rank(b)];
    return ra > rb ? -1 : ra < rb ? 1 : 0;
  },
  /** The score to add into a sum or a mean: the score itself, or 0 when not finite. */
  weight(score: number): number {
    return Number.isFinite(score) ? score : 0;
  },
  /** The score to record: the score itself, or null when not finite. */
  orNull(score: number | null): number | null {
    return score !== null && Number.isFinite(score) ? score : null;
  },
  /** How many of these scores are not finite. */
  count(scores: readonly number[]): number {
    return scores.reduce((n, s) => (Number.isFinite(s) ? n : n + 1), 0);
  },
};
