import type { Sampling } from "./Sampling.js";

/**
 * The sampling of the i-th of several decodes: seed + i, so candidate, rollout or step i is repeatable on its own;
 * unchanged when no seed is set. One rule for the policy's own calls and for callers that replay them (PolicyMeter's
 * fallback when a policy has no `rollouts`).
 */
export function seededBy(sampling: Sampling, i: number): Sampling {
  return sampling.seed === undefined ? sampling : { ...sampling, seed: sampling.seed + i };
}
