import { resolveProfile, type ResolvedProfile } from "../core/models/resolveProfile.js";
import type { CliIo } from "./CliIo.js";
import { flagError } from "./flagError.js";

/**
 * resolveProfile for a command: a profile inferred from a model's header is announced on stderr (what was guessed,
 * where it was saved), so a guess is never used silently; a file that cannot be used is a UsageError (exit 2)
 * naming `flag` (default: the kind, `--policy` or `--prm`) and the file (flagError).
 */
export function resolveNoting(
  io: CliIo,
): (path: string, kind: "policy" | "prm", flag?: string) => Promise<ResolvedProfile> {
  return async (path, kind, flag = kind) => {
    let resolved: ResolvedProfile;
    try {
      resolved = await resolveProfile(path, kind);
    } catch (e) {
      throw flagError(flag, e);
    }
    if (resolved.notice) io.err(`mull: ${resolved.notice}\n`);
    return resolved;
  };
}
