import { labelSteps } from "../domain/labelSteps.js";
import type { AnnotatedSolution } from "./AnnotatedSolution.js";

/** Agreement counts over a set of steps. */
export interface AgreementCount {
  /** Steps both the checker and the annotation labelled. */
  compared: number;
  /** Of those, steps with the same label. */
  agree: number;
  /** agree ÷ compared; null when nothing was compared. */
  rate: number | null;
}

/** How rollout labels agree with the checker's (compareWithChecker). */
export interface CheckerAgreement extends AgreementCount {
  /** The checker says 1, the annotation 0: no completion from a step the checker finds sound reached the reference. */
  annotationOnlyWrong: number;
  /** The checker says 0, the annotation 1: completions recovered after a step the checker finds wrong (or later). */
  checkerOnlyWrong: number;
  /** Per step position (0-based, as AnnotatedSolution.firstError counts), from the first step to the longest. */
  byPosition: (AgreementCount & { position: number })[];
}

/**
 * Agreement of annotation hard labels (Math-Shepherd's, usually) with the arithmetic and answer checkers' labels
 * (labelSteps: 1 until the first step with a wrong `a op b = c` claim, 0 from there; with sound arithmetic, all 1 for
 * a right answer, else only the answer line 0): overall and per step position, counting only steps both label (the
 * checker leaves unknown what it cannot tell; OmegaPRM leaves steps after the first error unlabelled). The
 * checker's verdict is only as good as the arithmetic in the steps: a step that reasons wrongly with right
 * arithmetic is 1 to it. Pure.
 */
export function compareWithChecker(solutions: readonly AnnotatedSolution[]): CheckerAgreement {
  const total = { compared: 0, agree: 0, annotationOnlyWrong: 0, checkerOnlyWrong: 0 };
  const positions: { compared: number; agree: number }[] = [];
  for (const s of solutions) {
    const checker = labelSteps(s.steps, s.answer ?? undefined, s.reference);
    checker.forEach((c, i) => {
      const h = s.hard[i];
      if (c === null || h === null || h === undefined) return;
      const at = (positions[i] ??= { compared: 0, agree: 0 });
      total.compared++;
      at.compared++;
      if (c === h) {
        total.agree++;
        at.agree++;
      } else if (c === 1) total.annotationOnlyWrong++;
      else total.checkerOnlyWrong++;
    });
  }
  const byPosition = Array.from({ length: positions.length }, (_, position) => {
    const at = positions[position] ?? { compared: 0, agree: 0 };
    return { position, ...at, rate: rate(at.agree, at.compared) };
  });
  return { ...total, rate: rate(total.agree, total.compared), byPosition };
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
