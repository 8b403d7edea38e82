import { addCosts, zeroPolicyCost } from "./addCosts.js";
import type { PolicyCost } from "../policy/Policy.js";
import { zeroAnnotationCost, type AnnotatedSolution, type AnnotationCost } from "./AnnotatedSolution.js";

/**
 * What a set of annotated solutions holds and cost: the figures `mull annotate` and the benchmark report. These are
 * the annotations, before a format makes rows of them (a trainer's format drops repeated rows and cuts steps; see
 * WrittenRows for what a file holds).
 */
export interface AnnotationTally {
  problems: number;
  /** Problems that gave no annotated solution (a tree with no finished answer path, or only empty samples). */
  empty: number;
  /** Solutions sampled (mc, omega) or answer paths found (tree), duplicates included. */
  sampled: number;
  /** Distinct solutions annotated (identical samples of a problem are annotated once). */
  solutions: number;
  /** Steps in all the solutions. */
  steps: number;
  /** Steps with a hard label (not null). */
  labelled: number;
  /** Steps whose hard label is 1. */
  positive: number;
  /** What labelling cost: the rollouts (AnnotatedSolution.cost). */
  cost: AnnotationCost;
  /** What sampling the solutions cost (AnnotatedSolution.sampleCost; zero for a tree's paths, whose search is `cost`). */
  sampleCost: PolicyCost;
}

/** An empty tally, to add into. */
export function zeroTally(): AnnotationTally {
  return {
    problems: 0,
    empty: 0,
    sampled: 0,
    solutions: 0,
    steps: 0,
    labelled: 0,
    positive: 0,
    cost: zeroAnnotationCost(),
    sampleCost: zeroPolicyCost(),
  };
}

/**
 * One problem's annotated solutions as a tally (problems = 1). `cost`, when given, is the labelling cost in place of
 * the sum of the solutions' (for compute no solution carries); `sampled`, solutions sampled before identical ones
 * were merged (default: as many as were annotated).
 */
export function tallyProblem(
  solutions: readonly AnnotatedSolution[],
  cost?: AnnotationCost,
  sampled: number = solutions.length,
): AnnotationTally {
  const tally = zeroTally();
  tally.problems = 1;
  tally.empty = solutions.length === 0 ? 1 : 0;
  tally.sampled = sampled;
  for (const s of solutions) {
    tally.solutions++;
    tally.steps += s.steps.length;
    tally.labelled += s.hard.filter((h) => h !== null).length;
    tally.positive += s.hard.filter((h) => h === 1).length;
    tally.cost = addCosts(tally.cost, s.cost);
    if (s.sampleCost) tally.sampleCost = addCosts(tally.sampleCost, s.sampleCost);
  }
  if (cost) tally.cost = { ...cost };
  return tally;
}

/** The sum of two tallies. */
export function addTallies(a: AnnotationTally, b: AnnotationTally): AnnotationTally {
  return {
    problems: a.problems + b.problems,
    empty: a.empty + b.empty,
    sampled: a.sampled + b.sampled,
    solutions: a.solutions + b.solutions,
    steps: a.steps + b.steps,
    labelled: a.labelled + b.labelled,
    positive: a.positive + b.positive,
    cost: addCosts(a.cost, b.cost),
    sampleCost: addCosts(a.sampleCost, b.sampleCost),
  };
}

/** Positive labels ÷ labelled steps; null when nothing is labelled. */
export function positiveFraction(t: Pick<AnnotationTally, "labelled" | "positive">): number | null {
  return t.labelled === 0 ? null : t.positive / t.labelled;
}

/**
 * What rows a file holds, as written: a trainer's format drops a row an earlier solution of the problem gave
 * already, and cuts steps (TRL's rows end after the first false label), so these can be far fewer than the tally's.
 */
export interface WrittenRows {
  rows: number;
  /** Step labels in the rows. */
  labels: number;
  /** Of those, labels that are positive (true, `+`, hard label 1). */
  positive: number;
}

/** No rows. */
export function zeroWritten(): WrittenRows {
  return { rows: 0, labels: 0, positive: 0 };
}

/** The sum of two counts of rows written. */
export function addWritten(a: WrittenRows, b: WrittenRows): WrittenRows {
  return { rows: a.rows + b.rows, labels: a.labels + b.labels, positive: a.positive + b.positive };
}

/** Positive labels ÷ labels in the rows; null when they hold none. */
export function writtenPositiveFraction(w: WrittenRows): number | null {
  return w.labels === 0 ? null : w.positive / w.labels;
}

/**
 * Evaluated tokens ÷ distinct prefix tokens: 1 when no shared prefix was evaluated twice, above 1 by how much
 * prefill was repeated (the reuse figure the search benchmark reports). null when no prefix was counted.
 */
export function prefixReuse(t: AnnotationTally): number | null {
  return t.cost.distinctPrefixTokens === 0 ? null : t.cost.evaluatedTokens / t.cost.distinctPrefixTokens;
}
