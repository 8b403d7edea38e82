import { formatNumber } from "./formatSolution.js";
import { findClaims } from "./stepChecker.js";
import type { Rng } from "./random.js";

/**
 * A copy of a correct solution with one arithmetic result made wrong (the claimed `c` of one `a op b = c`,
 * shifted by 1 to 10 either way). Later steps are left as they were, so only a step-level judge can tell.
 * Returns undefined when no step states a claim.
 */
export function corruptSolution(
  steps: readonly string[],
  rng: Rng,
): { steps: string[]; corruptedStep: number } | undefined {
  const candidates = steps.flatMap((s, i) => (findClaims(s).length > 0 ? [i] : []));
  if (candidates.length === 0) return undefined;
  const index = rng.pick(candidates);
  const step = steps[index] as string;
  const target = rng.pick(findClaims(step));
  const shift = rng.int(1, 10) * rng.pick([-1, 1]);
  const wrong = target.text.replace(/=\s*(-?\d+(?:\.\d+)?)$/, `= ${formatNumber(target.claimed + shift)}`);
  const out = [...steps];
  out[index] = step.replace(target.text, wrong);
  return { steps: out, corruptedStep: index };
}
