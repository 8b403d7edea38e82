import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadProfile } from "../models/profiles.js";

/**
 * What a model is, by content: a hash of its model file and of its profile's settings (not its description,
 * which does not change a result). A sweep keeps it per model so that resuming after the file at the same path
 * was replaced (a retrained policy) is refused instead of mixing results of two models under one name.
 */
export function modelFingerprint(profilePath: string): string {
  const { description: _description, ...settings } = JSON.parse(readFileSync(profilePath, "utf8")) as Record<
    string,
    unknown
  >;
  const hash = createHash("sha256").update(JSON.stringify(settings));
  hash.update(readFileSync(loadProfile(profilePath).modelPath));
  return hash.digest("hex").slice(0, 16);
}
