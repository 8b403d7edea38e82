import type { AnnotatedSolution } from "../AnnotatedSolution.js";
import type { SftRow } from "./exportSchemas.js";
import type { PolicyPrompt } from "./PolicyPrompt.js";

/**
 * One correct solution as a supervised fine-tuning trace: the prompt as the policy saw it and the steps joined by
 * its step delimiter (the answer line last), the rows rejection-sampling fine-tuning trains on (STaR, Zelikman et
 * al. 2022; ReST-EM, Singh et al. 2023). Null for a solution whose answer is not the reference.
 */
export function sftRow(solution: AnnotatedSolution, policy: PolicyPrompt): SftRow | null {
  if (!solution.correct || solution.steps.length === 0) return null;
  return { prompt: policy.prompt(solution.problem), completion: solution.steps.join(policy.stepDelimiter) };
}
