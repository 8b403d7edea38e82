import { EngineHost, type EngineHostOptions } from "./EngineHost.js";
import type { Backend } from "../policy/loadLlama.js";
import type { EngineLoader } from "./EngineLoader.js";

/**
 * Engines in a child process (EngineHost): a model that makes llama.cpp abort takes down that process, not the
 * app, and the next load starts a fresh one.
 */
export function hostedEngines(options: EngineHostOptions & { backend?: Backend } = {}): EngineLoader {
  const host = new EngineHost(options);
  const backend = options.backend ?? "auto";
  return {
    loadPolicy: (profile, sequences, onProgress) => host.loadPolicy(profile, { sequences, backend }, onProgress),
    loadPrm: (profile) => host.loadPrm(profile),
    resources: () => host.resources(),
    close: async () => host.close(),
  };
}
