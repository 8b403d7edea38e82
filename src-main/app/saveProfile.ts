import { existsSync } from "node:fs";
import { dirname, extname, relative, resolve, sep } from "node:path";
import { writeFileAtomic } from "../core/store/writeFileAtomic.js";
import { MODELS_DIR } from "../core/models/embeddedModels.js";
import { describeModelFile } from "../core/models/library/describeModelFile.js";
import { findProfile } from "../core/models/library/findProfile.js";
import type { ModelEntry } from "../core/models/library/ModelEntry.js";
import { readMemoryState } from "../core/models/library/readMemoryState.js";
import { ProfileSchema } from "../core/models/profiles.js";
import { InputError } from "./InputError.js";

/**
 * Validates a profile edited in the Models view against the profile schema and saves it as
 * `<model>.profile.json` beside the model, then returns the model's library entry as it now reads. Bad input is
 * one InputError naming the field (`profile.answerPattern`); nothing is written unless the whole profile is valid.
 */
export async function saveProfile(modelPath: string, profile: unknown): Promise<ModelEntry> {
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
  const { profilePath } = findProfile(file);
  writeFileAtomic(profilePath, JSON.stringify(data, null, 2) + "\n");
  const inBundle = !relative(MODELS_DIR, file).startsWith(".." + sep);
  return describeModelFile(file, { source: inBundle ? "bundled" : "user", memory: await readMemoryState() });
}
