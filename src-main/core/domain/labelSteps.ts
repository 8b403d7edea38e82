import { answersMatch } from "./answerChecker.js";
import { firstWrongClaim } from "./stepChecker.js";

/** 1 = correct so far, 0 = wrong (at or after the first wrong step), null = unknown. */
export type StepLabel = 0 | 1 | null;

/**
 * Labels the steps of a sampled solution for PRM training and evaluation, from the arithmetic step checker and
 * the answer checker: correct until the first step with a wrong `a op b = c` claim, wrong from there on. When
 * all arithmetic checks out, the answer checker decides: all correct for a right answer; for a wrong or missing
 * answer only the answer line is known to be wrong, so earlier steps stay unknown rather than guessed.
 */
export function labelSteps(steps: readonly string[], answer: string | undefined, reference: string): StepLabel[] {
  const firstWrong = steps.findIndex((s) => firstWrongClaim(s) !== undefined);
  if (firstWrong >= 0) return steps.map((_, i) => (i < firstWrong ? 1 : 0));
  if (answer !== undefined && answersMatch(answer, reference)) return steps.map(() => 1);
  return steps.map((_, i) => (answer !== undefined && i === steps.length - 1 ? 0 : null));
}
