import { copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { ModelFileError } from "../ModelFileError.js";
import { describeModelFile } from "./describeModelFile.js";
import type { ModelEntry } from "./ModelEntry.js";
import { readMemoryState } from "./readMemoryState.js";
import { userModelsDir } from "./userModelsDir.js";

/** Options of {@link importModel}. */
export interface ImportModelOptions {
  /** Link to the file where it is instead of copying it (a symbolic link). Default false: copy. */
  link?: boolean;
  /** The user models folder. Default userModelsDir() (MULL_USER_MODELS, else `models/` in the user data folder). */
  dir?: string;
}

/**
 * Adds a model file to the user's library (`mull models add`, the Models view's Import): copies it, or links it,
 * into the user models folder, with its `<name>.profile.json` when one sits beside it. The file's header is read
 * first, so a file llama.cpp or onnxruntime could not load is refused before anything is written. Without a
 * profile the library then infers one from the header and shows it as inferred.
 *
 * @returns the library entry of the imported file
 * @throws ModelFileError naming the file: missing, not a .gguf or .onnx, unusable, or already in the folder
 */
export async function importModel(file: string, options: ImportModelOptions = {}): Promise<ModelEntry> {
  const source = resolve(file);
  if (!existsSync(source)) throw new ModelFileError(source, "file not found");
  if (!statSync(source).isFile()) throw new ModelFileError(source, "is a directory or device, not a model file");
  const ext = extname(source).toLowerCase();
  if (ext !== ".gguf" && ext !== ".onnx")
    throw new ModelFileError(source, "not a model file: Mull imports .gguf policies and .onnx reward models");
  const memory = await readMemoryState();
  const checked = await describeModelFile(source, { source: "user", memory });
  if (!checked.header) throw new ModelFileError(source, checked.problems[0] ?? "its header cannot be read");
  const dir = options.dir ?? userModelsDir();
  const target = join(dir, basename(source));
  if (existsSync(target))
    throw new ModelFileError(
      target,
      `a model of this name is already in your models folder (${dir}); delete or rename that file first`,
    );
  mkdirSync(dir, { recursive: true });
  const profile = join(dirname(source), `${basename(source, extname(source))}.profile.json`);
  if (options.link) symlinkSync(source, target);
  else copyFileSync(source, target);
  const profileTarget = join(dir, basename(profile));
  if (existsSync(profile) && !existsSync(profileTarget)) copyFileSync(profile, profileTarget);
  return describeModelFile(target, { source: "user", memory });
}
