import type { Policy } from "../policy/Policy.js";

/** A loaded policy as experiments use it: the model, its profile's step delimiter, and how to let it go. */
export interface OpenedPolicy {
  policy: Policy;
  /** From the profile: what separates steps in a rollout (SearchOptions.stepDelimiter). */
  stepDelimiter: string;
  dispose(): Promise<void>;
}

/** Loads a policy from its profile with room for `sequences` concurrent decodes. */
export type OpenPolicy = (profilePath: string, sequences: number) => Promise<OpenedPolicy>;
