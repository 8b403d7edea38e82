import type { Policy } from "../core/policy/Policy.js";

/**
 * `policy` with its completions counted as they are drawn, for an annotation's progress line: `onCall(depth)` when
 * a rollout call from a path of `depth` steps starts, `onDrawn(depth, k)` when it returns k completions. Everything
 * else passes through unchanged (the optional methods only where the policy has them, so callers that test for
 * them, like core's annotation, see the same policy).
 */
export function countingPolicy(
  policy: Policy,
  onCall: (depth: number) => void,
  onDrawn: (depth: number, k: number) => void,
): Policy {
  const counted: Policy = {
    expand: (...args) => policy.expand(...args),
    rollout: async (problem, path, ...rest) => {
      onCall(path.length);
      const drawn = await policy.rollout(problem, path, ...rest);
      onDrawn(path.length, 1);
      return drawn;
    },
  };
  const { rollouts, prefixTokenIds, reset } = policy;
  if (rollouts)
    counted.rollouts = async (problem, path, k, ...rest) => {
      onCall(path.length);
      const drawn = await rollouts.call(policy, problem, path, k, ...rest);
      onDrawn(path.length, drawn.length);
      return drawn;
    };
  if (prefixTokenIds) counted.prefixTokenIds = (...args) => prefixTokenIds.apply(policy, args);
  if (reset) counted.reset = () => reset.call(policy);
  return counted;
}
