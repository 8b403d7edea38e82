import type { PolicyCost } from "../policy/Policy.js";

/**
 * Field-by-field sum of two cost records of one shape (PolicyCost, AnnotationCost), whose every field is a count of
 * tokens or rollouts or a duration in ms. One function, so a field added to a cost type is summed everywhere.
 */
export function addCosts<T extends PolicyCost>(a: T, b: T): T {
  const sum: Record<string, number> = { ...(a as unknown as Record<string, number>) };
  for (const [field, value] of Object.entries(b as unknown as Record<string, number>))
    sum[field] = (sum[field] ?? 0) + value;
  return sum as unknown as T;
}

/** A zero PolicyCost, to add into. */
export function zeroPolicyCost(): PolicyCost {
  return { generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms: 0 };
}
