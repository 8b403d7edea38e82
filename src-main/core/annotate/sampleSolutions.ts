import type { FinishReason, Policy, PolicyCost } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import { splitSteps } from "../policy/splitSteps.js";
import { wholeNumber } from "./AnnotationOptionError.js";
import { drawRollouts } from "./PolicyMeter.js";

/** One whole solution sampled from the policy. */
export interface SampledSolution {
  /** Steps without the delimiter, blank ones dropped; the last is the answer line when the solution wrote one. */
  steps: string[];
  /** The answer its answer line states; null when it wrote none (EOS, a length or step limit). */
  answer: string | null;
  finishReason: FinishReason;
  /** What the policy spent on it (the shared prefill of the prompt is charged to the first solution). */
  cost: PolicyCost;
}

export interface SampleSolutionsOptions {
  /** What separates steps: the policy profile's delimiter. */
  stepDelimiter: string;
  /** A (multiline) pattern whose group 1 is the answer. Default the embedded profiles' `^Answer: (.+)$`. */
  answerPattern?: string | undefined;
  /**
   * Most steps a solution may write (the depth limit annotation will label within), decoded step by step; without
   * it, one decode until the answer line within the profile's token limit.
   */
  maxSteps?: number | undefined;
  /** Aborting stops the decodes; the call then throws the signal's reason (an AbortError by default). */
  signal?: AbortSignal | undefined;
}

/**
 * k whole solutions to `problem`: rollouts of the empty path drawn together (drawRollouts, so the prompt is
 * evaluated once), solution i sampling with seed + i (or seed + i × maxSteps with a step limit; the seed defaults
 * to 0, so a repeat gives the same solutions). Errors: AnnotationOptionError for k that is not a whole number ≥ 1;
 * the signal's reason when aborted; whatever the policy throws.
 */
export async function sampleSolutions(
  policy: Policy,
  problem: string,
  k: number,
  sampling: Sampling,
  options: SampleSolutionsOptions,
): Promise<SampledSolution[]> {
  wholeNumber(k, "samples");
  if (options.maxSteps !== undefined) wholeNumber(options.maxSteps, "maxSteps");
  const { signal } = options;
  signal?.throwIfAborted();
  const pattern = new RegExp(options.answerPattern ?? "^Answer: (.+)$", "m");
  const seeded = { ...sampling, seed: sampling.seed ?? 0 };
  const limits = options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps };
  let candidates;
  try {
    candidates = await drawRollouts(policy, problem, [], k, seeded, signal, limits);
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
  signal?.throwIfAborted();
  return candidates.map((c) => {
    const parsed = splitSteps(c.text, options.stepDelimiter, pattern);
    return {
      steps: parsed.steps,
      answer: c.answer ?? parsed.answer ?? null,
      finishReason: c.finishReason,
      cost: { ...c.cost },
    };
  });
}
