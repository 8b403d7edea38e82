/** What a model needs in memory, read from its header. Attention fields are absent for models without a KV cache. */
export interface FitModel {
  /** Bytes of weights to hold: the model file's size is a close upper bound (GGUF header and vocabulary included). */
  modelBytes: number;
  /** Transformer blocks; each keeps its own keys and values. */
  layers?: number;
  embeddingLength?: number;
  headCount?: number;
  /** Fewer than `headCount` under grouped-query attention, which shrinks the cache by the same factor. */
  headCountKv?: number;
  /** Per-head key and value widths when they differ from embeddingLength / headCount. */
  keyLength?: number;
  valueLength?: number;
  /** The context the model was trained on: the default context size, capped by `FitOptions.contextSize`. */
  trainContextSize?: number;
}

/** Free memory right now. `vram` is null for a CPU-only build (or an ONNX model on the CPU execution provider). */
export interface MemoryState {
  ramFreeBytes: number;
  ramTotalBytes: number;
  /** node-llama-cpp's `llama.getVramState()`; `unifiedSize > 0` means VRAM is carved out of the same RAM. */
  vram: { total: number; used: number; free: number; unifiedSize: number } | null;
}

export interface FitOptions {
  /** Tokens of context per sequence. Default: the train context, at most 4096 (a longer one is opt-in). */
  contextSize?: number;
  /** Parallel sequences sharing the context (tree search keeps several). Default 1. */
  sequences?: number;
  /** Bytes per cached key/value element. Default 2 (llama.cpp's F16 cache). */
  kvBytesPerElement?: number;
  /**
   * Compute buffers, logits and runtime overhead, which llama.cpp sizes from the graph and Mull cannot read from
   * a header. Default: 10% of weights + cache, at least 64 MiB — a margin, not a measurement.
   */
  overheadBytes?: number;
}

export type FitVerdict = "fits" | "fits with CPU offload" | "does not fit";

export interface FitEstimate {
  verdict: FitVerdict;
  modelBytes: number;
  kvCacheBytes: number;
  overheadBytes: number;
  totalBytes: number;
  contextSize: number;
  sequences: number;
  ramFreeBytes: number;
  ramTotalBytes: number;
  /** Null without a GPU build. */
  vramFreeBytes: number | null;
  /** Share of the total that would sit in VRAM (0 on the CPU, 1 fully offloaded to the GPU). */
  gpuShare: number;
  /** One line for a person: where it goes, or what is short. */
  note: string;
}

const MiB = 1024 ** 2;
const DEFAULT_MAX_CONTEXT = 4096;

function mib(bytes: number): string {
  return `${Math.ceil(bytes / MiB)} MiB`;
}

/** KV cache bytes: keys and values for every layer, position and sequence. */
function kvCacheBytes(model: FitModel, contextSize: number, sequences: number, bytesPerElement: number): number {
  const { layers, embeddingLength, headCount } = model;
  if (!layers || !embeddingLength || !headCount) return 0;
  const headDim = embeddingLength / headCount;
  const kvHeads = model.headCountKv ?? headCount;
  const perToken = kvHeads * ((model.keyLength ?? headDim) + (model.valueLength ?? headDim));
  return layers * contextSize * sequences * perToken * bytesPerElement;
}

/**
 * Estimates whether a model fits in memory, from its header and a snapshot of free memory. Pure, so the
 * verdict is testable: callers read the memory state (os, node-llama-cpp) and pass it in.
 */
export function estimateFit(model: FitModel, memory: MemoryState, options: FitOptions = {}): FitEstimate {
  const contextSize =
    options.contextSize ?? Math.min(model.trainContextSize ?? DEFAULT_MAX_CONTEXT, DEFAULT_MAX_CONTEXT);
  const sequences = options.sequences ?? 1;
  const kv = kvCacheBytes(model, contextSize, sequences, options.kvBytesPerElement ?? 2);
  const overhead = options.overheadBytes ?? Math.max(64 * MiB, Math.ceil(0.1 * (model.modelBytes + kv)));
  const total = model.modelBytes + kv + overhead;
  const vram = memory.vram;
  // Unified memory (Apple silicon) is one pool: VRAM free space is RAM free space, so the two never add up.
  const unified = vram !== null && vram.unifiedSize > 0;
  const vramFree = vram?.free ?? 0;
  const base = {
    modelBytes: model.modelBytes,
    kvCacheBytes: kv,
    overheadBytes: overhead,
    totalBytes: total,
    contextSize,
    sequences,
    ramFreeBytes: memory.ramFreeBytes,
    ramTotalBytes: memory.ramTotalBytes,
    vramFreeBytes: vram ? vram.free : null,
  };
  const need = `needs ${mib(total)}`;
  if (vram && total <= vramFree)
    return { ...base, verdict: "fits", gpuShare: 1, note: `${need}, all in VRAM (${mib(vramFree)} free)` };
  if (!vram || unified) {
    const pool = Math.max(memory.ramFreeBytes, vramFree);
    if (total <= pool) return { ...base, verdict: "fits", gpuShare: 0, note: `${need}, ${mib(pool)} RAM free` };
  } else if (total <= vramFree + memory.ramFreeBytes) {
    const gpuShare = vramFree / total;
    return {
      ...base,
      verdict: "fits with CPU offload",
      gpuShare,
      note: `${need}: ${mib(vramFree)} in VRAM, ${mib(total - vramFree)} in RAM (${mib(memory.ramFreeBytes)} free)`,
    };
  }
  const avail = vram && !unified ? vramFree + memory.ramFreeBytes : Math.max(memory.ramFreeBytes, vramFree);
  const hint =
    total <= memory.ramTotalBytes
      ? "; closing other programs may free enough"
      : `; more than all ${mib(memory.ramTotalBytes)} of RAM`;
  return { ...base, verdict: "does not fit", gpuShare: 0, note: `${need}, ${mib(avail)} free${hint}` };
}
