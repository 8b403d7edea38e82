import type { PolicyCost } from "../policy/Policy.js";
import { zeroAnnotationCost, type AnnotatedSolution, type AnnotationCost } from "./AnnotatedSolution.js";

/** What a set of annotated solutions holds and cost: the figures `mull annotate` and the benchmark report. */
export interface AnnotationTally {
  problems: number;
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
 * the sum of the solutions' (for compute no solution carries).
 */
export function tallyProblem(solutions: readonly AnnotatedSolution[], cost?: AnnotationCost): AnnotationTally {
  const tally = zeroTally();
  tally.problems = 1;
  for (const s of solutions) {
    tally.solutions++;
    tally.steps += s.steps.length;
    tally.labelled += s.hard.filter((h) => h !== null).length;
    tally.positive += s.hard.filter((h) => h === 1).length;
    tally.cost = addCosts(tally.cost, s.cost);
    if (s.sampleCost) tally.sampleCost = addPolicyCosts(tally.sampleCost, s.sampleCost);
  }
  if (cost) tally.cost = { ...cost };
  return tally;
}

/** The sum of two tallies. */
export function addTallies(a: AnnotationTally, b: AnnotationTally): AnnotationTally {
  return {
    problems: a.problems + b.problems,
    solutions: a.solutions + b.solutions,
    steps: a.steps + b.steps,
    labelled: a.labelled + b.labelled,
    positive: a.positive + b.positive,
    cost: addCosts(a.cost, b.cost),
    sampleCost: addPolicyCosts(a.sampleCost, b.sampleCost),
  };
}

function zeroPolicyCost(): PolicyCost {
  return { generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0 };
}

function addPolicyCosts(a: PolicyCost, b: PolicyCost): PolicyCost {
  return {
    generatedTokens: a.generatedTokens + b.generatedTokens,
    evaluatedTokens: a.evaluatedTokens + b.evaluatedTokens,
    reusedTokens: a.reusedTokens + b.reusedTokens,
    ms: a.ms + b.ms,
  };
}

function addCosts(a: AnnotationCost, b: AnnotationCost): AnnotationCost {
  return {
    rollouts: a.rollouts + b.rollouts,
    generatedTokens: a.generatedTokens + b.generatedTokens,
    evaluatedTokens: a.evaluatedTokens + b.evaluatedTokens,
    reusedTokens: a.reusedTokens + b.reusedTokens,
    ms: a.ms + b.ms,
    distinctPrefixTokens: a.distinctPrefixTokens + b.distinctPrefixTokens,
  };
}

/** Positive labels ÷ labelled steps; null when nothing is labelled. */
export function positiveFraction(t: AnnotationTally): number | null {
  return t.labelled === 0 ? null : t.positive / t.labelled;
}

/**
 * Evaluated tokens ÷ distinct prefix tokens: 1 when no shared prefix was evaluated twice, above 1 by how much
 * prefill was repeated (the reuse figure the search benchmark reports). null when no prefix was counted.
 */
export function prefixReuse(t: AnnotationTally): number | null {
  return t.cost.distinctPrefixTokens === 0 ? null : t.cost.evaluatedTokens / t.cost.distinctPrefixTokens;
}
