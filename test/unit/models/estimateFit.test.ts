import { describe, expect, it } from "vitest";
import { estimateFit, type FitModel, type MemoryState } from "../../../src-main/core/models/library/estimateFit.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** The shape of the embedded 2M policy: 4 layers, 192 wide, 6 heads of 32, trained on 256 tokens. */
const small: FitModel = { modelBytes: 2_109_888, layers: 4, embeddingLength: 192, headCount: 6, trainContextSize: 256 };

/** An 8B llama-3-style model: 32 layers, 4096 wide, 32 query heads sharing 8 KV heads, 128k context. */
const llama8b: FitModel = {
  modelBytes: 4.9 * GiB,
  layers: 32,
  embeddingLength: 4096,
  headCount: 32,
  headCountKv: 8,
  trainContextSize: 131072,
};

const cpu = (ramFreeBytes: number, ramTotalBytes = 32 * GiB): MemoryState => ({
  ramFreeBytes,
  ramTotalBytes,
  vram: null,
});
const gpu = (vramFree: number, ramFreeBytes: number, unifiedSize = 0): MemoryState => ({
  ramFreeBytes,
  ramTotalBytes: 64 * GiB,
  vram: { total: 24 * GiB, used: 24 * GiB - vramFree, free: vramFree, unifiedSize },
});

describe("estimateFit: KV cache size", () => {
  it("is keys + values × layers × context × sequences × head widths × 2 bytes", () => {
    // 2 (K and V) × 4 layers × 256 positions × 192 (6 heads × 32) × 2 bytes (F16)
    expect(estimateFit(small, cpu(GiB)).kvCacheBytes).toBe(2 * 4 * 256 * 192 * 2);
    expect(estimateFit(small, cpu(GiB), { sequences: 4 }).kvCacheBytes).toBe(4 * 786_432);
    expect(estimateFit(small, cpu(GiB), { kvBytesPerElement: 1 }).kvCacheBytes).toBe(786_432 / 2);
  });

  it("shrinks with grouped-query attention and follows explicit key/value widths", () => {
    // llama 3 8B at 8192 tokens: 2 × 32 × 8192 × (8 × 128) × 2 = 1 GiB, the figure llama.cpp prints
    expect(estimateFit(llama8b, cpu(64 * GiB), { contextSize: 8192 }).kvCacheBytes).toBe(GiB);
    const mla = { ...small, keyLength: 64, valueLength: 16 };
    expect(estimateFit(mla, cpu(GiB)).kvCacheBytes).toBe(4 * 256 * 6 * (64 + 16) * 2);
  });

  it("uses the train context up to 4096 unless a context size is given, and is 0 without attention", () => {
    expect(estimateFit(small, cpu(GiB)).contextSize).toBe(256);
    expect(estimateFit(llama8b, cpu(GiB)).contextSize).toBe(4096);
    expect(estimateFit(llama8b, cpu(GiB), { contextSize: 32768 }).contextSize).toBe(32768);
    expect(estimateFit({ modelBytes: 1000 }, cpu(GiB)).kvCacheBytes).toBe(0);
  });

  it("adds a margin of 10% (at least 64 MiB) unless one is given", () => {
    expect(estimateFit(small, cpu(GiB)).overheadBytes).toBe(64 * MiB);
    const big = estimateFit(llama8b, cpu(64 * GiB), { contextSize: 8192 });
    expect(big.overheadBytes).toBe(Math.ceil(0.1 * (4.9 * GiB + GiB)));
    expect(big.totalBytes).toBe(big.modelBytes + big.kvCacheBytes + big.overheadBytes);
    expect(estimateFit(small, cpu(GiB), { overheadBytes: 0 }).totalBytes).toBe(2_109_888 + 786_432);
  });
});

describe("estimateFit: verdict", () => {
  const exact = { overheadBytes: 0, contextSize: 256 };
  const need = 2_109_888 + 786_432;

  it("CPU build: fits exactly when the total is within free RAM", () => {
    const at = estimateFit(small, cpu(need), exact);
    expect([at.verdict, at.gpuShare, at.vramFreeBytes]).toEqual(["fits", 0, null]);
    const short = estimateFit(small, cpu(need - 1), exact);
    expect(short.verdict).toBe("does not fit");
    expect(short.note).toMatch(/closing other programs may free enough/);
    expect(estimateFit(small, cpu(need - 1, need - 1), exact).note).toMatch(/more than all .* of RAM/);
  });

  it("GPU build: all in VRAM, else split with RAM, else does not fit", () => {
    const m = { modelBytes: 10 * GiB };
    const o = { overheadBytes: 0 };
    const inVram = estimateFit(m, gpu(12 * GiB, 2 * GiB), o);
    expect([inVram.verdict, inVram.gpuShare]).toEqual(["fits", 1]);
    const split = estimateFit(m, gpu(6 * GiB, 8 * GiB), o);
    expect([split.verdict, split.gpuShare]).toEqual(["fits with CPU offload", 0.6]);
    expect(split.note).toBe("needs 10240 MiB: 6144 MiB in VRAM, 4096 MiB in RAM (8192 MiB free)");
    expect(estimateFit(m, gpu(6 * GiB, 4 * GiB - 1), o).verdict).toBe("does not fit");
  });

  it("unified memory is one pool: VRAM and RAM free space do not add up", () => {
    const m = { modelBytes: 10 * GiB };
    const o = { overheadBytes: 0 };
    expect(estimateFit(m, gpu(8 * GiB, 8 * GiB, 16 * GiB), o).verdict).toBe("does not fit");
    expect(estimateFit(m, gpu(8 * GiB, 8 * GiB), o).verdict).toBe("fits with CPU offload");
    expect(estimateFit(m, gpu(11 * GiB, 8 * GiB, 16 * GiB), o).verdict).toBe("fits");
  });

  it("reports the numbers it judged by", () => {
    const e = estimateFit(small, gpu(GiB, 3 * GiB), { sequences: 2 });
    expect(e).toMatchObject({ sequences: 2, ramFreeBytes: 3 * GiB, ramTotalBytes: 64 * GiB, vramFreeBytes: GiB });
  });
});
