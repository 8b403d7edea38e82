import type { Policy } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import { AnswerCheckerScorer } from "../reward/AnswerCheckerScorer.js";
import { mcts } from "../search/mcts.js";
import { SearchOptionError } from "../search/SearchOptionError.js";
import { SAMPLING_DEFAULTS } from "../search/searchParameters.js";
import type { TreeJson } from "../tree/TreeJson.js";
import type { AnnotatedSolution, AnnotationCost } from "./AnnotatedSolution.js";
import { AnnotationOptionError, wholeNumber } from "./AnnotationOptionError.js";
import { annotationDefault } from "./annotationParameters.js";
import { labelsFromTree } from "./labelsFromTree.js";
import { PolicyMeter } from "./PolicyMeter.js";

/** What annotateByTree takes. */
export interface AnnotateByTreeOptions {
  policy: Policy;
  problemId: string;
  problem: string;
  /** The reference answer rollouts and answer nodes are judged against. Must not be empty. */
  reference: string;
  /** MCTS rounds (MctsOptions.iterations), a whole number ≥ 1. */
  iterations: number;
  /** Children per expansion (MctsOptions.width). Default 4. */
  width?: number | undefined;
  /** How steps and rollouts sample (fields left out as annotateSolution's); `seed` (default 0) seeds the search. */
  sampling: Sampling;
  /** Longest path, in steps (the profile's maxSteps). */
  maxDepth: number;
  /** The profile's step delimiter (rollout text is split at it). */
  stepDelimiter: string;
  /** The profile's answer pattern, for the answer check. Default `^Answer: (.+)$`. */
  answerPattern?: string | undefined;
  /** Aborting stops the search; the call then throws the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** The labelled paths of one MCTS tree, the tree, and what the search cost. */
export interface TreeAnnotation {
  /** One per answer node of the tree (labelsFromTree); the search's cost is charged to the first. */
  solutions: AnnotatedSolution[];
  tree: TreeJson;
  /** Everything the search spent (also when no path reached an answer and `solutions` is empty). */
  cost: AnnotationCost;
}

/**
 * Annotation by tree search: an MCTS (core/search/mcts.ts) whose new leaves are valued by a rollout judged against
 * the reference (`value: "rollout"`, an AnswerCheckerScorer), so each node's mean value estimates how often the
 * policy reaches the reference from it; every answer path of the finished tree is then labelled by its nodes'
 * values (labelsFromTree). Costs are metered from the policy's own (PolicyMeter): every expansion and rollout,
 * rollouts counted (the final greedy rollout MCTS may add included), distinct prefixes counted once.
 *
 * Errors: AnnotationOptionError naming the field (iterations, maxDepth, reference, width, ...) before any model
 * call; the signal's reason when aborted; whatever the policy throws.
 */
export async function annotateByTree(options: AnnotateByTreeOptions): Promise<TreeAnnotation> {
  wholeNumber(options.iterations, "iterations");
  wholeNumber(options.maxDepth, "maxDepth");
  if (options.width !== undefined) wholeNumber(options.width, "width");
  if (typeof options.reference !== "string" || options.reference.trim() === "")
    throw new AnnotationOptionError("reference", `problem ${options.problemId} has no reference answer to judge by`);
  const { signal } = options;
  signal?.throwIfAborted();
  const meter = new PolicyMeter(options.policy);
  const scorer = new AnswerCheckerScorer({
    reference: options.reference,
    ...(options.answerPattern !== undefined && { answerPattern: options.answerPattern }),
  });
  let result;
  try {
    result = await mcts({
      problem: options.problem,
      policy: meter.asPolicy(),
      scorer,
      value: "rollout",
      iterations: options.iterations,
      width: options.width,
      seed: options.sampling.seed ?? 0,
      sampling: { ...SAMPLING_DEFAULTS, temperature: annotationDefault("temperature"), ...options.sampling },
      maxDepth: options.maxDepth,
      stepDelimiter: options.stepDelimiter,
      signal,
    });
  } catch (error) {
    if (error instanceof SearchOptionError) throw new AnnotationOptionError(error.field, error.problem);
    throw error;
  }
  // The search returns what it had when aborted; a partial tree is not an annotation.
  signal?.throwIfAborted();
  const solutions = labelsFromTree(result.tree, options.problemId, options.problem, options.reference);
  const cost = { ...meter.cost };
  const first = solutions[0];
  if (first) first.cost = { ...cost };
  return { solutions, tree: result.tree, cost };
}
