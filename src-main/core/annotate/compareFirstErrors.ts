import type { AnnotatedSolution, HardLabel } from "./AnnotatedSolution.js";
import { AnnotationOptionError } from "./AnnotationOptionError.js";

/** Math-Shepherd against OmegaPRM on the same solutions (compareFirstErrors). */
export interface FirstErrorComparison {
  /** Solutions compared (pairs). */
  solutions: number;
  /** Pairs whose first error (AnnotatedSolution.firstError, null for none) is the same step. */
  sameFirstError: number;
  /** sameFirstError ÷ solutions; null with no solutions. */
  sameRate: number | null;
  /** Pairs whose `mc` hard labels are monotone (no 1 after a 0): where OmegaPRM's assumption holds. */
  monotone: number;
  /** Of the monotone pairs, those with the same first error (with shared seeds, all of them). */
  sameWhereMonotone: number;
  /** Completions each method drew, in all. */
  mcRollouts: number;
  omegaRollouts: number;
  /** mcRollouts ÷ omegaRollouts: how many times fewer completions OmegaPRM drew; null when it drew none. */
  saving: number | null;
}

/**
 * Compares full Math-Shepherd labels with OmegaPRM's binary search on the same solutions, pair by pair in order
 * (the measure OmegaPRM's paper reports against Math-Shepherd: Luo et al. 2024, §3.2–3.3): how often both put the
 * first error on the same step, and the completions each needed. Pure. Errors: AnnotationOptionError when the
 * lists differ in length or a pair is not the same solution (problem and steps).
 */
export function compareFirstErrors(
  mc: readonly AnnotatedSolution[],
  omega: readonly AnnotatedSolution[],
): FirstErrorComparison {
  if (mc.length !== omega.length)
    throw new AnnotationOptionError("omega", `holds ${omega.length} solutions where mc holds ${mc.length}`);
  let sameFirstError = 0;
  let monotone = 0;
  let sameWhereMonotone = 0;
  let mcRollouts = 0;
  let omegaRollouts = 0;
  mc.forEach((a, i) => {
    const b = omega[i] as AnnotatedSolution;
    if (a.problemId !== b.problemId || a.steps.length !== b.steps.length || a.steps.some((s, j) => s !== b.steps[j]))
      throw new AnnotationOptionError("omega", `solution ${i + 1} is not the same solution as mc's ${i + 1}`);
    const same = a.firstError === b.firstError;
    if (same) sameFirstError++;
    if (isMonotone(a.hard)) {
      monotone++;
      if (same) sameWhereMonotone++;
    }
    mcRollouts += a.cost.rollouts;
    omegaRollouts += b.cost.rollouts;
  });
  return {
    solutions: mc.length,
    sameFirstError,
    sameRate: mc.length === 0 ? null : sameFirstError / mc.length,
    monotone,
    sameWhereMonotone,
    mcRollouts,
    omegaRollouts,
    saving: omegaRollouts === 0 ? null : mcRollouts / omegaRollouts,
  };
}

/** Whether hard labels never go back from 0 to 1 (nulls skipped). */
export function isMonotone(hard: readonly HardLabel[]): boolean {
  let seenZero = false;
  for (const h of hard) {
    if (h === 0) seenZero = true;
    else if (h === 1 && seenZero) return false;
  }
  return true;
}
