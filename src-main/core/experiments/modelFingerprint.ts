import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadProfile } from "../models/profiles.js";

/**
 * What a model is, by content: a hash of its model file and of its profile's settings (not its description,
 * which does not change a result). A sweep keeps it per model so that resuming after the file at the same path
 * was replaced (a retrained policy) is refused instead of mixing results of two models under one name.
 */
export function modelFingerprint(profilePath: string): string {
  const { description: _description, profilePath: _profile, modelPath, ...settings } = loadProfile(profilePath);
  const hash = createHash("sha256").update(JSON.stringify(settings));
  return hash.update(readFileSync(modelPath)).digest("hex").slice(0, 16);
}
