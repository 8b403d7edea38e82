import { addCosts } from "./addCosts.js";
import type { Problem } from "../domain/Problem.js";
import type { Policy, PolicyCost } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { AnnotatedSolution, AnnotationMethod } from "./AnnotatedSolution.js";
import { AnnotationOptionError, wholeNumber } from "./AnnotationOptionError.js";
import { annotateByTree } from "./annotateByTree.js";
import { annotateSolution } from "./annotateSolution.js";
import { sampleSolutions, type SampledSolution } from "./sampleSolutions.js";

/** What annotateProblem takes (annotationParameters.ts holds the defaults a caller fills in). */
export interface AnnotateProblemOptions {
  policy: Policy;
  /** A problem of a set; its `answer` is the reference and must not be empty. */
  problem: Problem;
  method: AnnotationMethod;
  /** Completions per probed step (mc, omega), a whole number ≥ 1. */
  rollouts: number;
  /** Solutions sampled and labelled (mc, omega), a whole number ≥ 1. */
  samples: number;
  /** MCTS rounds (tree), a whole number ≥ 1. */
  iterations: number;
  /** Sampling of solutions and completions; `seed` (default 0) makes the whole annotation repeatable. */
  sampling: Sampling;
  /** The profile's step delimiter. */
  stepDelimiter: string;
  /** The depth limit in steps (the profile's maxSteps): solutions are sampled, and completions drawn, within it. */
  maxDepth: number;
  /** The profile's answer pattern. Default `^Answer: (.+)$`. */
  answerPattern?: string | undefined;
  /** Aborting stops between batches of completions; the call then throws the reason, having returned nothing. */
  signal?: AbortSignal | undefined;
  /**
   * mc, omega: called once the solutions are sampled, with how many were sampled and how many distinct ones (by
   * their steps, empty ones left out) will be annotated.
   */
  onSampled?: ((counts: { sampled: number; distinct: number }) => void) | undefined;
}

/**
 * Annotates one problem: `mc` and `omega` sample `samples` solutions (sampleSolutions, solution j with seed + j ×
 * maxDepth, step-limited to maxDepth) and label each distinct one (annotateSolution, solution j's completions seeded
 * from seed + j, so no two solutions share completions); `tree` labels every answer path of one MCTS tree
 * (annotateByTree). A solution sampled again with the very same steps is labelled once, as its first sample: rolling
 * it out again would spend as many rollouts for a second, possibly contrary, estimate of the same prefixes, and a
 * trainer would weigh it twice. Each mc/omega solution carries what sampling it cost in `sampleCost`, its repeats'
 * included.
 *
 * Errors: AnnotationOptionError("answer", ...) for a problem without a reference answer, and for any other bad
 * option, before any model call; the signal's reason when aborted; whatever the policy throws.
 */
export async function annotateProblem(options: AnnotateProblemOptions): Promise<AnnotatedSolution[]> {
  const { policy, problem, method, sampling, signal } = options;
  if (typeof problem.answer !== "string" || problem.answer.trim() === "")
    throw new AnnotationOptionError("answer", `problem ${problem.id} has no reference answer to judge by`);
  if (method !== "mc" && method !== "omega" && method !== "tree")
    throw new AnnotationOptionError("method", `must be mc, omega or tree, got ${JSON.stringify(method)}`);
  wholeNumber(options.maxDepth, "maxDepth");
  if (method === "tree") {
    wholeNumber(options.iterations, "iterations");
    const { solutions } = await annotateByTree({
      policy,
      problemId: problem.id,
      problem: problem.problem,
      reference: problem.answer,
      iterations: options.iterations,
      sampling,
      maxDepth: options.maxDepth,
      stepDelimiter: options.stepDelimiter,
      answerPattern: options.answerPattern,
      signal,
    });
    return solutions;
  }
  wholeNumber(options.rollouts, "rollouts");
  wholeNumber(options.samples, "samples");
  const seed = sampling.seed ?? 0;
  const sampled = await sampleSolutions(
    policy,
    problem.problem,
    options.samples,
    { ...sampling, seed },
    {
      stepDelimiter: options.stepDelimiter,
      answerPattern: options.answerPattern,
      maxSteps: options.maxDepth,
      signal,
    },
  );
  // The first sample of each distinct solution (by its steps), with what sampling all its repeats cost.
  const firsts = new Map<string, { j: number; cost: PolicyCost }>();
  for (const [j, solution] of sampled.entries()) {
    // A solution without a step (the policy wrote nothing) has nothing to label.
    if (solution.steps.length === 0) continue;
    const key = JSON.stringify(solution.steps);
    const first = firsts.get(key);
    if (first) first.cost = addCosts(first.cost, solution.cost);
    else firsts.set(key, { j, cost: { ...solution.cost } });
  }
  options.onSampled?.({ sampled: sampled.length, distinct: firsts.size });
  const out: AnnotatedSolution[] = [];
  for (const { j, cost } of firsts.values()) {
    const solution = sampled[j] as SampledSolution;
    const labelled = await annotateSolution({
      policy,
      problemId: problem.id,
      problem: problem.problem,
      reference: problem.answer,
      steps: solution.steps,
      answer: solution.answer,
      method,
      rollouts: options.rollouts,
      sampling: { ...sampling, seed: seed + j },
      maxDepth: options.maxDepth,
      signal,
    });
    out.push({ ...labelled, sampleCost: cost });
  }
  return out;
}
