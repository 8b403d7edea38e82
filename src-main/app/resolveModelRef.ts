import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveProfile, type ResolvedProfile } from "../core/models/resolveProfile.js";
import { MODELS_DIR } from "../core/models/embeddedModels.js";
import { ModelFileError } from "../core/models/ModelFileError.js";
import { InputError } from "./InputError.js";

/** A bare name like `mull-policy-6m`: letters, digits, dots, dashes and underscores, no folder, no extension. */
const EMBEDDED_NAME = /^[\w-]+(\.[\w-]+)*$/;

/**
 * A model as the API names it, by an embedded name (`mull-policy-6m`, a profile in the bundled models folder) or
 * by a model or profile path (as listModels gives it), resolved to a profile to load. A file that cannot be used
 * is an InputError naming the request field and the file, raised before any run starts.
 */
export async function resolveModelRef(ref: string, kind: "policy" | "prm", field: string): Promise<ResolvedProfile> {
  const embedded = join(MODELS_DIR, `${ref}.profile.json`);
  const path = EMBEDDED_NAME.test(ref) && !/\.(gguf|onnx|json)$/i.test(ref) && existsSync(embedded) ? embedded : ref;
  try {
    return await resolveProfile(path, kind);
  } catch (e) {
    if (e instanceof ModelFileError) throw new InputError(field, `${e.file}: ${e.problem}`);
    throw e;
  }
}
