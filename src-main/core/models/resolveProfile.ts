import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { describeModelFile } from "./library/describeModelFile.js";
import { readMemoryState } from "./library/readMemoryState.js";
import { ModelFileError } from "./ModelFileError.js";
import { checkEndpointUrl, isEndpointUrl, loadProfile } from "./profiles.js";
import { DEFAULT_MODELS } from "./defaultModels.js";
import { userDataDir } from "../store/userDataDir.js";
import { writeFileAtomic } from "../store/writeFileAtomic.js";

/** A model as the engines load it: the profile file, and the name results show it by. */
export interface ResolvedProfile {
  /** Absolute path of a `.profile.json`. */
  profile: string;
  /** The file name without `.profile.json` (or the model's extension). */
  name: string;
  /** True when the profile was guessed from the model's header (no profile beside the model). */
  inferred: boolean;
  /**
   * For an inferred profile, one line saying so: what was guessed and where it was saved to be edited. Adapters
   * show it, so a guess is never used without the user being told.
   */
  notice?: string;
}

/** Options of {@link resolveProfile}. */
export interface ResolveProfileOptions {
  /** Where inferred profiles are written. Default `profiles/` in userDataDir(). */
  inferredDir?: string;
}

/**
 * Accepts a profile (`.profile.json`) or a model file (`.gguf` policy, `.onnx` PRM) and returns a profile to load:
 * the one given, the one beside the model, or one inferred from the model's header (inferProfile) and saved
 * under the user data folder with absolute paths, since the engines load profiles from files. Checks that the
 * profile is of the expected kind and that its model file exists, so a wrong path fails before any model loads.
 * Errors are ModelFileErrors naming the file.
 */
export async function resolveProfile(
  path: string,
  kind: "policy" | "prm",
  options: ResolveProfileOptions = {},
): Promise<ResolvedProfile> {
  if (isEndpointUrl(path)) {
    // A server's URL: the embedded default policy served there (loadProfile); the server is checked when opened.
    if (kind !== "policy") throw new ModelFileError(path, `is a server's URL; a ${kind} runs locally (a file)`);
    const url = checkEndpointUrl(path);
    return { profile: url, name: endpointName(url), inferred: false };
  }
  const file = resolve(path);
  if (!existsSync(file))
    throw new ModelFileError(
      file,
      looksLikeHostPort(path) ? "file not found (a server URL starts with http://)" : "file not found",
    );
  if (file.endsWith(".json")) {
    const profile = loadProfile(file);
    if (profile.kind !== kind) throw new ModelFileError(file, `is a ${profile.kind} profile, not a ${kind} profile`);
    const remote = profile.kind === "policy" && profile.endpoint !== undefined;
    if ((!remote || (profile.kind === "policy" && profile.gguf !== undefined)) && !existsSync(profile.modelPath))
      throw new ModelFileError(profile.modelPath, `file not found (field "${remote ? "gguf" : "model"}" of ${file})`);
    return { profile: file, name: basename(file, ".profile.json"), inferred: false };
  }
  // Said in terms of what the flag takes: a PRM given a text file or a folder is not "a bad GGUF", it is not an
  // ONNX model (describeModelFile reads any file not named .onnx as a GGUF).
  const takes =
    kind === "prm" ? "a PRM is a .profile.json or an .onnx file" : "a policy is a .profile.json or a .gguf file";
  if (statSync(file).isDirectory()) throw new ModelFileError(file, `is a folder; ${takes}`);
  const entry = await describeModelFile(file, { source: "user", memory: await readMemoryState() });
  const name = basename(file, extname(file));
  if (entry.problems.length > 0)
    throw new ModelFileError(
      file,
      kind === "prm" && extname(file).toLowerCase() !== ".onnx"
        ? `is not an ONNX model (.onnx); ${takes}`
        : (entry.problems[0] as string),
    );
  if (!entry.profile) throw new ModelFileError(file, "no profile beside it, and none can be inferred");
  if (entry.kind !== kind) throw new ModelFileError(file, `is a ${entry.kind} model, not a ${kind}; ${takes}`);
  if (!entry.profileInferred) return { profile: entry.profilePath, name, inferred: false };

  // Absolute paths, so the saved profile works from the user data folder. Named by a hash of the model's path:
  // two models with one file name do not overwrite each other's profile.
  const { profilePath: _p, modelPath: _m, ...profile } = entry.profile;
  const saved = { ...profile, model: file };
  if (saved.kind === "prm")
    saved.tokenizer = { ...saved.tokenizer, path: resolve(dirname(file), saved.tokenizer.path) };
  const dir = options.inferredDir ?? join(userDataDir(), "profiles");
  const hash = createHash("sha256").update(file).digest("hex").slice(0, 8);
  const out = join(dir, `${name}-${hash}.profile.json`);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(out, JSON.stringify(saved, null, 2) + "\n");
  const guessed =
    saved.kind === "policy"
      ? `a ${saved.promptFormat} prompt, steps ended by ${JSON.stringify(saved.stepDelimiter)}, answers matching ` +
        `/${saved.answerPattern}/`
      : `a ${saved.format} PRM with tokenizer ${basename(saved.tokenizer.path)}`;
  const notice = `${basename(file)} has no profile beside it: using one inferred from its header (${guessed}), saved as ${out}`;
  return { profile: out, name, inferred: true, notice };
}

/** Whether a missing path was probably meant as a server (`127.0.0.1:8080/v1`, `localhost:8080`): HOST:PORT first. */
function looksLikeHostPort(path: string): boolean {
  return /^[^\s/:]+:\d+(\/|$)/.test(path);
}

/**
 * The name results show a bare URL's policy by: the embedded default policy at the server's host and port
 * (`mull-policy-6m@127.0.0.1:8081`), or the URL as given when it cannot be parsed.
 */
function endpointName(url: string): string {
  try {
    return `${DEFAULT_MODELS.policy}@${new URL(url).host}`;
  } catch {
    return url;
  }
}
