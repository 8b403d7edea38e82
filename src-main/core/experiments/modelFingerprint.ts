import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadProfile } from "../models/profiles.js";

/**
 * What a model is, by content: a hash of its profile and its model file. A sweep keeps it per model so that
 * resuming after the file at the same path was replaced (a retrained policy) is refused instead of mixing
 * results of two models under one name.
 */
export function modelFingerprint(profilePath: string): string {
  const hash = createHash("sha256").update(readFileSync(profilePath));
  hash.update(readFileSync(loadProfile(profilePath).modelPath));
  return hash.digest("hex").slice(0, 16);
}
