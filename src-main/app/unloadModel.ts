import type { EngineCache } from "../core/engine/EngineCache.js";
import { ModelInUseError } from "../core/engine/ModelInUseError.js";
import { InputError } from "./InputError.js";

/**
 * The Resources view's Unload: frees a loaded model (its profile path, as `resources` lists it); the next run that
 * needs it loads it again. A model a run is using is refused as an InputError on `path`, in one sentence.
 */
export async function unloadModel(engines: EngineCache, path: string): Promise<{ unloaded: boolean }> {
  try {
    return { unloaded: await engines.unload(path) };
  } catch (e) {
    if (e instanceof ModelInUseError) throw new InputError("path", e.message);
    throw e;
  }
}
