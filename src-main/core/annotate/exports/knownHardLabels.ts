import type { AnnotatedSolution, HardLabel } from "../AnnotatedSolution.js";

/**
 * A solution's hard labels with the ones its method implies filled in: a step left unlabelled (null) before a
 * step labelled 1 is 1, since a completion from the earlier prefix can continue exactly as the solution did up to
 * the later step and reach the reference from there. This is the inference OmegaPRM's binary search rests on (Luo et
 * al. 2024, §3.2: a prefix with a correct rollout has every shorter prefix correct too), so its probes label the
 * steps between them. Nulls after the last 1 stay null: nothing implies them.
 */
export function knownHardLabels(solution: Pick<AnnotatedSolution, "hard">): HardLabel[] {
  const lastOne = solution.hard.lastIndexOf(1);
  return solution.hard.map((label, i) => (label === null && i < lastOne ? 1 : label));
}

/**
 * The leading steps whose hard labels are known, with those labels: everything up to (not including) the first
 * step still unlabelled after knownHardLabels. `cutAfterError` also ends at the first 0, inclusive: PRM800K and
 * OmegaPRM train on a solution up to its first wrong step, since what follows an error has no well-defined label.
 */
export function labelledPrefix(
  solution: Pick<AnnotatedSolution, "hard" | "steps">,
  cutAfterError: boolean,
): { steps: string[]; labels: boolean[] } {
  const known = knownHardLabels(solution);
  const steps: string[] = [];
  const labels: boolean[] = [];
  for (const [i, label] of known.entries()) {
    const step = solution.steps[i];
    if (label === null || step === undefined) break;
    steps.push(step);
    labels.push(label === 1);
    if (cutAfterError && label === 0) break;
  }
  return { steps, labels };
}
