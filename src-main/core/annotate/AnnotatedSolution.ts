import type { PolicyCost } from "../policy/Policy.js";

/**
 * How step labels are estimated.
 * - `mc`: Math-Shepherd (Wang et al. 2024, §3.3): from every step i of a sampled solution, N completions of steps
 *   1..i; the soft label is the fraction that reach the reference answer, the hard label whether any does.
 * - `omega`: OmegaPRM's binary search for the first error (Luo et al. 2024, "Improve Mathematical Reasoning in
 *   Language Models by Automated Process Supervision", §3.2): N completions only at the prefixes the search probes.
 * - `tree`: the values of a finished MCTS tree whose leaves are valued by rollouts judged against the reference
 *   (the tree-search annotation of the o1 roadmap; MCTS as in mcts.ts with `value: "rollout"`).
 */
export type AnnotationMethod = "mc" | "omega" | "tree";

export const ANNOTATION_METHODS: readonly AnnotationMethod[] = ["mc", "omega", "tree"];

/** A step's hard label: 1 = some completion from here reaches the reference, 0 = none does, null = not estimated. */
export type HardLabel = 0 | 1 | null;

/** Compute one annotation spent, counted exactly from the policy's own costs. */
export interface AnnotationCost extends PolicyCost {
  /** Completions (rollouts) drawn to estimate labels; the sampled solution itself is not one. */
  rollouts: number;
  /**
   * Distinct tokens among the prefixes evaluated (each prompt + steps 1..i once): what an engine that never evaluates
   * a shared prefix twice would evaluate. evaluatedTokens ÷ distinctPrefixTokens is the reuse figure the benchmark
   * reports for search.
   */
  distinctPrefixTokens: number;
}

/**
 * One solution with a label per step. Plain JSON: written one per line by `mull annotate`, stored with a run by the
 * app's Annotate action, and read by the exports (exports/).
 */
export interface AnnotatedSolution {
  /** The problem's id in its set (`train-00001`), or `run-<id>/<item key>` for a saved run's problem. */
  problemId: string;
  problem: string;
  /** The reference answer completions were judged against (answersMatch). */
  reference: string;
  /** Steps as the policy wrote them, without the delimiter; the last is the answer line when there is one. */
  steps: string[];
  /** The solution's own answer; null when it wrote none. */
  answer: string | null;
  /** Whether `answer` equals the reference. */
  correct: boolean;
  method: AnnotationMethod;
  /**
   * Per step, in [0, 1]: the estimated probability that the policy, continuing from steps 1..i, reaches the
   * reference (Math-Shepherd's soft label; an MCTS node's mean value for `tree`). The answer line's is 1 or 0 by the
   * answer check. null where the method did not estimate it (OmegaPRM between its probes).
   */
  soft: (number | null)[];
  /** Per step: the hard label (some completion reaches the reference). */
  hard: HardLabel[];
  /** Completions drawn from each step (0 where it was not probed; for `tree`, the node's MCTS visits). */
  rolloutsPerStep: number[];
  /** Index of the first step whose hard label is 0; null when there is none. */
  firstError: number | null;
  cost: AnnotationCost;
  /**
   * What sampling this solution cost, apart from its labels (annotateProblem's `mc` and `omega`, which sample the
   * solutions they label); absent when the solution was given (a saved run's path) or came from a tree.
   */
  sampleCost?: PolicyCost;
}

/** A zero cost, to add into. */
export function zeroAnnotationCost(): AnnotationCost {
  return { rollouts: 0, generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0, distinctPrefixTokens: 0 };
}
