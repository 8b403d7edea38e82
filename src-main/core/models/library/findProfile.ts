import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { ModelFileError } from "../ModelFileError.js";
import { loadProfile, type Profile, type Resolved } from "../profiles.js";

/** The profile saved beside a model, if any: loaded with profiles.ts's loadProfile, problems as lines. */
export interface FoundProfile {
  /** `<model name>.profile.json` beside the model, whether or not it exists: where a saved profile goes. */
  profilePath: string;
  exists: boolean;
  /** Set when the profile loaded and describes this file. */
  profile?: Resolved<Profile>;
  /** One line each; a profile that fails validation is reported here, never thrown. */
  problems: string[];
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Looks for `<name>.profile.json` beside `modelPath` and checks that it fits the file: the right kind for the
 * format (a policy is a GGUF, a PRM is ONNX), naming this very file, with its tokenizer present.
 */
export function findProfile(modelPath: string): FoundProfile {
  const ext = extname(modelPath);
  const profilePath = join(dirname(modelPath), `${basename(modelPath, ext)}.profile.json`);
  if (!existsSync(profilePath)) return { profilePath, exists: false, problems: [] };
  let profile: Resolved<Profile>;
  try {
    profile = loadProfile(profilePath);
  } catch (e) {
    const line = e instanceof ModelFileError ? e.message : `${basename(profilePath)}: ${(e as Error).message}`;
    return { profilePath, exists: true, problems: [line.split("\n")[0] as string] };
  }
  const problems: string[] = [];
  const name = basename(profilePath);
  const expected = ext.toLowerCase() === ".onnx" ? "prm" : "policy";
  if (profile.kind !== expected)
    problems.push(`${name}: field "kind" is "${profile.kind}", but a ${ext} file is a ${expected}`);
  if (!samePath(profile.modelPath, modelPath))
    problems.push(`${name}: field "model" names "${profile.model}", not ${basename(modelPath)}`);
  if (profile.kind === "prm") {
    const tokenizer = resolve(dirname(profilePath), profile.tokenizer.path);
    if (!existsSync(tokenizer)) problems.push(`${name}: tokenizer file "${profile.tokenizer.path}" not found`);
  }
  return { profilePath, exists: true, profile, problems };
}
