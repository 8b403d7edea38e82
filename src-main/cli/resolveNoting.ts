import { resolveProfile, type ResolvedProfile } from "../core/models/resolveProfile.js";
import type { CliIo } from "./CliIo.js";

/**
 * resolveProfile for a command: a profile inferred from a model's header is announced on stderr (what was guessed,
 * where it was saved), so a guess is never used silently.
 */
export function resolveNoting(io: CliIo): (path: string, kind: "policy" | "prm") => Promise<ResolvedProfile> {
  return async (path, kind) => {
    const resolved = await resolveProfile(path, kind);
    if (resolved.notice) io.err(`mull: ${resolved.notice}\n`);
    return resolved;
  };
}
