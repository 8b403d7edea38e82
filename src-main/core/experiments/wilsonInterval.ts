/** A two-sided confidence interval for a proportion, as fractions in [0, 1]. */
export interface ProportionInterval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval (the normal distribution's 97.5th percentile). */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval for a proportion of `successes` in `trials` (E. B. Wilson, "Probable inference, the
 * law of succession, and statistical inference", JASA 22(158), 1927): the p whose normal-approximation test does
 * not reject the observed share. Unlike the Wald interval p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not
 * collapse to a point at 0% or 100%, which matters for accuracies over a few dozen problems. Default 95% (z = Z_95).
 * Zero trials say nothing: the interval is [0, 1]. Throws a RangeError on negative counts or successes > trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): ProportionInterval {
  if (!(trials >= 0 && successes >= 0 && successes <= trials))
    throw new RangeError(`wilsonInterval: ${successes} successes in ${trials} trials is not a proportion`);
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Rounding can push the ends a hair past the bounds at p = 0 or 1.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
