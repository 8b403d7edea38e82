import type { Disposable, EngineLoader } from "./EngineLoader.js";
import { loadProgress } from "./LoadProgress.js";

/**
 * The real engines, in this process: node-llama-cpp for policies, onnxruntime-node for the PRM. Imported on first
 * use, so `--help` and argument errors never load native bindings. The CLI uses these (one command, one process),
 * through an EngineCache; the app hosts its engines in a child process instead (hostedEngines), so a llama.cpp
 * abort cannot take it down. `close` unloads every model loaded here.
 */
export function inProcessEngines(): EngineLoader {
  const loaded = new Set<Disposable>();
  let imported = false; // node-llama-cpp, imported with the first policy
  const track = <T extends Disposable>(model: T): T => {
    loaded.add(model);
    const dispose = model.dispose.bind(model);
    model.dispose = async () => {
      loaded.delete(model);
      await dispose();
    };
    return model;
  };
  return {
    async loadPolicy(profile, sequences, onProgress) {
      // Importing LlamaPolicy imports node-llama-cpp: the first load's "starting" stage.
      if (!imported) onProgress?.(loadProgress("starting"));
      const { LlamaPolicy } = await import("../policy/LlamaPolicy.js");
      imported = true;
      return track(await LlamaPolicy.load(profile, { sequences }, onProgress));
    },
    async loadPrm(profile) {
      const { OnnxPrm } = await import("../reward/OnnxPrm.js");
      return track(await OnnxPrm.load(profile));
    },
    resources: async () => null,
    async close() {
      for (const model of [...loaded]) await model.dispose();
    },
  };
}
