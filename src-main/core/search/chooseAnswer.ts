import { answersMatch } from "../domain/answerChecker.js";
import { finiteScore } from "./finiteScore.js";
import type { Chosen } from "./runStrategy.js";

/** A finished (or best-so-far) solution a strategy chooses among. */
export interface Candidate {
  leaf: number;
  answer: string | null;
  /** Its verifier score; 0 where nothing scored it. May be non-finite: finiteScore's rule applies. */
  score: number;
  /**
   * Samples it stands for (merged identical candidates, or chains that ended on the same node); default 1. Votes
   * count it: a candidate with count 3 is three votes in a majority and three times its score in a weighted vote.
   */
  count?: number;
}

/**
 * `best`: the highest score. `majority`: the answer most candidates reach (self-consistency), each counted
 * `count` times. `weighted`: the answer whose candidates' scores (each times its count) sum highest, so many middling votes can beat one confident outlier and
 * one well-scored answer can beat a crowd of poorly scored ones.
 */
export type Selection = "best" | "majority" | "weighted";

/**
 * Two answers agree when they are the same number ("402" and "402.0"), or the same text when not numbers: the one
 * rule votes group answers by, which the candidates table (candidateTable) groups its rows by too.
 */
export const answersAgree = (a: string, b: string): boolean => answersMatch(a, b) || a.trim() === b.trim();

/**
 * Groups items by answer as the vote counts them (answersAgree), in the order each answer first appears; an item
 * without an answer joins the group of "". Each group is represented by its first answer: agreement is numeric
 * ("402" and "402.0"), so answers are compared, not hashed. Quadratic in the number of distinct answers.
 */
export function groupByAnswer<T extends { answer: string | null }>(
  items: readonly T[],
): { answer: string; members: T[] }[] {
  const groups: { answer: string; members: T[] }[] = [];
  for (const item of items) {
    const answer = item.answer ?? "";
    const group = groups.find((g) => answersAgree(g.answer, answer));
    if (group) group.members.push(item);
    else groups.push({ answer, members: [item] });
  }
  return groups;
}

/**
 * Chooses among candidates. Candidates with an answer are preferred: a path that never answered can win only
 * when none did (then by score, so the best partial path is still shown). Ties go to the earlier candidate,
 * which keeps the choice a function of the (seeded) order and nothing else. A score that is not finite ranks
 * below every finite one and casts no weighted vote (finiteScore), so it never wins and never poisons a sum.
 */
export function chooseAnswer(candidates: readonly Candidate[], how: Selection): Chosen | undefined {
  const answered = candidates.filter((c) => c.answer !== null);
  const pool = answered.length > 0 ? answered : candidates;
  const best = (list: readonly Candidate[]): Candidate | undefined =>
    list.reduce<Candidate | undefined>(
      (top, c) => (top === undefined || finiteScore.rank(c.score) > finiteScore.rank(top.score) ? c : top),
      undefined,
    );
  // A weighted vote counts scores: a candidate without a usable (finite) score casts no vote, so it can neither
  // add to its answer's sum nor win a tie at 0 by coming first.
  const voters = how === "weighted" ? answered.filter((c) => finiteScore.isFinite(c.score)) : answered;
  if (how === "best" || voters.length === 0) {
    const top = best(pool);
    return top && { leaf: top.leaf, score: top.score };
  }
  const groups = groupByAnswer(voters);
  const votes = (g: readonly Candidate[]): number => g.reduce((sum, c) => sum + (c.count ?? 1), 0);
  const weight = (g: Candidate[]): number =>
    how === "majority" ? votes(g) : g.reduce((sum, c) => sum + c.score * (c.count ?? 1), 0);
  let winner: Candidate[] = [];
  for (const { members } of groups) if (winner.length === 0 || weight(members) > weight(winner)) winner = members;
  const leaf = how === "majority" ? winner[0] : best(winner);
  // Majority reports its vote share, weighted voting its score sum: the number each decided by.
  const score = how === "majority" ? votes(winner) / votes(voters) : weight(winner);
  return leaf && { leaf: leaf.leaf, score };
}
