import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { writeFileAtomic } from "../core/store/writeFileAtomic.js";
import { MODELS_DIR } from "../core/models/embeddedModels.js";
import { describeModelFile } from "../core/models/library/describeModelFile.js";
import { findProfile } from "../core/models/library/findProfile.js";
import type { ModelEntry } from "../core/models/library/ModelEntry.js";
import { readMemoryState } from "../core/models/library/readMemoryState.js";
import { userModelsDir } from "../core/models/library/userModelsDir.js";
import { ProfileSchema } from "../core/models/profiles.js";
import { InputError } from "./InputError.js";

/** Options of {@link saveProfile}. */
export interface SaveProfileOptions {
  /** The bundled models folder, whose files are never written. Default MODELS_DIR. */
  bundledDir?: string;
  /** Where a user copy of a bundled model goes. Default userModelsDir() (MULL_USER_MODELS, else the data folder's). */
  userDir?: string;
}

/**
 * Validates a profile edited in the Models view against the profile schema and saves it as
 * `<model>.profile.json` beside the model, then returns the model's library entry as it now reads. Bad input is
 * one InputError naming the field (`profile.answerPattern`); nothing is written unless the whole profile is valid.
 *
 * Bundled models are protected: the app's own folder is never written (an update would overwrite it, and an
 * installed app may not be writable). Saving a bundled model's profile copies the model into the user models
 * folder (once; the embedded models are a few MB) and saves the profile beside the copy, which the library then
 * lists as a user model; the returned entry is the copy's, so its `path` differs from `modelPath`. A PRM's
 * tokenizer path is made absolute so the copy still finds the bundled tokenizer.
 */
export async function saveProfile(
  modelPath: string,
  profile: unknown,
  options: SaveProfileOptions = {},
): Promise<ModelEntry> {
  const file = resolve(modelPath);
  const ext = extname(file).toLowerCase();
  if (ext !== ".gguf" && ext !== ".onnx") throw new InputError("modelPath", `${file} is not a .gguf or .onnx model`);
  if (!existsSync(file)) throw new InputError("modelPath", `${file}: file not found`);
  const parsed = ProfileSchema.safeParse(profile);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ["profile", ...(issue?.path.map(String) ?? [])].join(".");
    throw new InputError(field, `${field}: ${issue?.message ?? "invalid"}`);
  }
  const data = parsed.data;
  const expected = ext === ".onnx" ? "prm" : "policy";
  if (data.kind !== expected)
    throw new InputError("profile.kind", `profile.kind must be "${expected}" for a ${ext} file`);
  if (resolve(dirname(file), data.model) !== file)
    throw new InputError("profile.model", `profile.model must name the model file, not "${data.model}"`);
  if (data.kind === "policy") {
    try {
      new RegExp(data.answerPattern, "m");
    } catch {
      throw new InputError("profile.answerPattern", "profile.answerPattern is not a valid regular expression");
    }
  }
  const bundledDir = options.bundledDir ?? MODELS_DIR;
  const inBundle = !relative(bundledDir, file).startsWith(".." + sep) && !isAbsolute(relative(bundledDir, file));
  const target = inBundle ? userCopy(file, options.userDir ?? userModelsDir()) : file;
  if (inBundle && data.kind === "prm" && !isAbsolute(data.tokenizer.path))
    data.tokenizer = { ...data.tokenizer, path: resolve(dirname(file), data.tokenizer.path) };
  const { profilePath } = findProfile(target);
  writeFileAtomic(profilePath, JSON.stringify(data, null, 2) + "\n");
  return describeModelFile(target, { source: "user", memory: await readMemoryState() });
}

/**
 * The user models folder's copy of a bundled model, made on first use. A different file of the same name already
 * there (another model the user imported) is refused rather than given this profile.
 */
function userCopy(bundled: string, userDir: string): string {
  const target = join(userDir, basename(bundled));
  if (existsSync(target)) {
    if (statSync(target).size !== statSync(bundled).size)
      throw new InputError(
        "modelPath",
        `your models folder (${userDir}) already has a different ${basename(bundled)}; rename or remove it to save a copy of the bundled one`,
      );
    return target;
  }
  mkdirSync(userDir, { recursive: true });
  copyFileSync(bundled, target);
  return target;
}
