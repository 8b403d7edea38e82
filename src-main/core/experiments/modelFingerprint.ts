import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadProfile } from "../models/profiles.js";

/**
 * What a model is, by content: a hash of its model file and of its profile's settings (not its description,
 * which does not change a result). A sweep keeps it per model so that resuming after the file at the same path
 * was replaced (a retrained policy) is refused instead of mixing results of two models under one name.
 */
export function modelFingerprint(profilePath: string): string {
  const profile = loadProfile(profilePath);
  const { description: _description, profilePath: _profile, modelPath, ...settings } = profile;
  // A remote policy is the model its GGUF holds, wherever it is served: the server's URL and the GGUF's path are
  // left out (a sweep resumes against another server of the same model). Without a GGUF there is no file to hash.
  if (settings.kind === "policy" && settings.endpoint !== undefined) {
    const { endpoint: _endpoint, gguf, ...served } = settings;
    const hash = createHash("sha256").update(JSON.stringify(served));
    return (gguf === undefined ? hash : hash.update(readFileSync(modelPath))).digest("hex").slice(0, 16);
  }
  const hash = createHash("sha256").update(JSON.stringify(settings));
  return hash.update(readFileSync(modelPath)).digest("hex").slice(0, 16);
}
