import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";

/** Compute backend for the policy. `auto` uses a GPU build when one works here, else the CPU. */
export type Backend = "auto" | "cpu" | "cuda" | "vulkan" | "metal";

const loaded = new Map<Backend, Promise<Llama>>();

/**
 * The llama.cpp bindings for a backend, loaded once per process. Only the prebuilt binaries that npm installed
 * are used: Mull never builds llama.cpp or downloads anything at run time.
 */
export function loadLlama(backend: Backend = "cpu"): Promise<Llama> {
  let llama = loaded.get(backend);
  if (!llama) {
    llama = getLlama({
      gpu: backend === "cpu" ? false : backend,
      build: "never",
      skipDownload: true,
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    });
    loaded.set(backend, llama);
  }
  return llama;
}
