import { loadPolicyProfile } from "../models/profiles.js";

/**
 * How the prover behind a profile writes programs (ProveOptions.mode): its profile's `proveMode`, else `program`.
 *
 * @throws ProfileError (from loadPolicyProfile) for a profile that cannot be read.
 */
export function proveModeOf(profilePath: string): "program" | "statements" {
  return loadPolicyProfile(profilePath).proveMode ?? "program";
}
