import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { llamaLogger } from "./llamaLog.js";

/** Compute backend for the policy. `auto` uses a GPU build when one works here, else the CPU. */
export type Backend = "auto" | "cpu" | "cuda" | "vulkan" | "metal";

/** The bindings and the backend actually in use, with the reason when it is not the one asked for. */
export interface LoadedLlama {
  llama: Llama;
  requested: Backend;
  used: "cpu" | "cuda" | "vulkan" | "metal";
  reason: string;
}

const loaded = new Map<Backend, Promise<LoadedLlama>>();

async function load(backend: Backend): Promise<LoadedLlama> {
  // llamaLogger: llama.cpp says why it refused a file only in its log, which Mull attaches to the error.
  const options = {
    ...({ build: "never", skipDownload: true, logLevel: LlamaLogLevel.error, progressLogs: false } as const),
    logger: llamaLogger,
  };
  if (backend === "cpu")
    return {
      llama: await getLlama({ ...options, gpu: false }),
      requested: backend,
      used: "cpu",
      reason: "CPU requested",
    };
  try {
    const llama = await getLlama({ ...options, gpu: backend });
    const used = llama.gpu === false ? "cpu" : llama.gpu;
    const reason =
      used === "cpu"
        ? "no GPU build of llama.cpp works on this machine (no CUDA, Vulkan or Metal found)"
        : `${used} available`;
    return { llama, requested: backend, used, reason };
  } catch (e) {
    // An explicit GPU backend that cannot load falls back to the CPU rather than failing the whole app.
    const llama = await getLlama({ ...options, gpu: false });
    return {
      llama,
      requested: backend,
      used: "cpu",
      reason: `${backend} unavailable: ${(e as Error).message.split("\n")[0]}`,
    };
  }
}

/**
 * The llama.cpp bindings for a backend, loaded once per process. Only the prebuilt binaries that npm installed
 * are used: Mull never builds llama.cpp or downloads anything at run time.
 */
export function loadLlama(backend: Backend = "cpu"): Promise<LoadedLlama> {
  let entry = loaded.get(backend);
  if (!entry) {
    entry = load(backend);
    loaded.set(backend, entry);
  }
  return entry;
}
