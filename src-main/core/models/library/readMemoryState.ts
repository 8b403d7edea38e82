import { freemem, totalmem } from "node:os";
import type { Llama } from "node-llama-cpp";
import type { MemoryState } from "./estimateFit.js";

/**
 * Free RAM now, and free VRAM when a GPU build of llama.cpp is loaded. Without a `llama` (or with the CPU
 * build) VRAM is null: listing models must not load native bindings just to ask.
 */
export async function readMemoryState(llama?: Llama): Promise<MemoryState> {
  const vram = llama && llama.gpu !== false ? await llama.getVramState() : null;
  return { ramFreeBytes: freemem(), ramTotalBytes: totalmem(), vram };
}
