import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../../bench/benchArgs.js";
import { batchSpeedupResult, BATCH_SPEEDUP_GOAL } from "../../../bench/memoryBoundBatch.js";
import type { BatchFigures } from "../../../bench/measureBatch.js";
import {
  benchCacheDir,
  checkShape,
  MEMORY_BOUND_SHAPE,
  randomLlamaFileName,
  randomLlamaParameters,
  type RandomLlamaShape,
} from "../../../bench/randomLlama.js";

const tiny: RandomLlamaShape = { dim: 64, layers: 2, heads: 4, ff: 96, context: 64, type: "f16" };

describe("random llama shapes", () => {
  it("count parameters as llama's tensors add up", () => {
    // embedding + output 2·V·d; per layer q,k,v,o d² each, gate/up/down d·ff each, two norms d; final norm d.
    expect(randomLlamaParameters(tiny, 10)).toBe(2 * 10 * 64 + 2 * (4 * 64 * 64 + 3 * 64 * 96 + 2 * 64) + 64);
  });

  it("the bench's memory-bound model is 100–300M parameters, a few hundred MB of weights read per token", () => {
    const params = randomLlamaParameters(MEMORY_BOUND_SHAPE, 512);
    expect(params).toBeGreaterThan(100e6);
    expect(params).toBeLessThan(300e6);
    const bytesPerWeight = MEMORY_BOUND_SHAPE.type === "f16" ? 2 : 34 / 32;
    expect(params * bytesPerWeight).toBeGreaterThan(200e6);
  });

  it("name the cache file by every field of the shape", () => {
    const base = randomLlamaFileName(tiny);
    expect(base).toBe("random-llama-d64-l2-h4-ff96-c64-f16.gguf");
    const changed: RandomLlamaShape[] = [
      { ...tiny, dim: 128 },
      { ...tiny, layers: 3 },
      { ...tiny, heads: 8 },
      { ...tiny, ff: 128 },
      { ...tiny, context: 128 },
      { ...tiny, ff: 128, type: "q8_0" },
    ];
    const names = new Set([base, ...changed.map(randomLlamaFileName)]);
    expect(names.size).toBe(changed.length + 1);
  });

  it("refuse a shape llama.cpp or Q8_0 cannot take, naming the field", () => {
    expect(() => checkShape({ ...tiny, layers: 0 })).toThrow(/layers must be a positive integer, got 0/);
    expect(() => checkShape({ ...tiny, dim: 1.5 })).toThrow(/dim must be a positive integer/);
    expect(() => checkShape({ ...tiny, heads: 5 })).toThrow(/dim 64 is not a multiple of heads 5/);
    expect(() => checkShape({ ...tiny, dim: 72, heads: 24 })).toThrow(/head width dim \/ heads = 3 must be even/);
    expect(() => checkShape({ ...tiny, ff: 80, type: "q8_0" })).toThrow(/Q8_0 needs ff to be a multiple of 32, got 80/);
    expect(() => checkShape({ ...tiny, type: "q4" as never })).toThrow(/type must be "f16" or "q8_0", got q4/);
    expect(() => checkShape(MEMORY_BOUND_SHAPE)).not.toThrow();
  });

  it("cache outside the checkout, under XDG_CACHE_HOME when set", () => {
    expect(benchCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/mull/bench");
    expect(benchCacheDir({})).toMatch(/\/\.cache\/mull\/bench$/);
  });
});

const figures = (batchSpeedup: number, threads: number): BatchFigures => ({
  k: 8,
  batchSpeedup,
  concurrentTokensPerSecond: 10 * batchSpeedup,
  sequentialTokensPerSecond: 10,
  problemSpeedups: [batchSpeedup],
  rolloutSpeedup: null,
  rolloutConcurrentTokensPerSecond: null,
  rolloutSequentialTokensPerSecond: null,
  threads,
});

describe("batchSpeedupResult", () => {
  it("checks the goal on the memory-bound model and keeps the embedded figure beside it", () => {
    const memoryBound = {
      figures: figures(3.4, 2),
      model: {
        file: "/c/random-llama-d1024.gguf",
        shape: { ...MEMORY_BOUND_SHAPE, type: "f16" as const },
        parameters: 2e8,
        bytes: 4e8,
        writeSeconds: null,
        loadSeconds: 1,
      },
    };
    const r = batchSpeedupResult(figures(1.1, 1), memoryBound, BATCH_SPEEDUP_GOAL);
    expect(r).toMatchObject({ value: 3.4, met: true, on: "memory-bound random model", threads: 2 });
    expect(r.memoryBound).toMatchObject({ model: "random-llama-d1024.gguf", type: "f16", value: 3.4 });
    expect(r.embedded).toMatchObject({ value: 1.1, threads: 1 });
  });

  it("falls back to the embedded policy when the memory-bound model was skipped", () => {
    const r = batchSpeedupResult(figures(1.1, 1), null, BATCH_SPEEDUP_GOAL);
    expect(r).toMatchObject({ value: 1.1, met: false, on: "embedded policy", memoryBound: null });
  });
});

describe("bench flags for the batch part", () => {
  it("default to 3 problems on 2 threads, and --only batch writes its own file", () => {
    const d = parseBenchArgs([]);
    expect(d).toMatchObject({
      memoryBoundProblems: 3,
      memoryBoundThreads: 2,
      memoryBoundType: "q8_0",
      only: null,
      out: "bench/results.json",
    });
    const b = parseBenchArgs(["--only", "batch", "--memory-bound-problems", "0"]);
    expect(b).toMatchObject({ only: "batch", memoryBoundProblems: 0, out: "bench/results-batch.json" });
    expect(parseBenchArgs(["--only", "batch", "--out", "/tmp/x.json"]).out).toBe("/tmp/x.json");
  });

  it("refuse a bad value naming the flag", () => {
    expect(() => parseBenchArgs(["--memory-bound-type", "q4_0"])).toThrow(
      /--memory-bound-type must be "q8_0" or "f16", got q4_0/,
    );
    expect(() => parseBenchArgs(["--only", "search"])).toThrow(/--only must be "batch".*got search/);
    expect(() => parseBenchArgs(["--memory-bound-threads", "0"])).toThrow(
      /--memory-bound-threads must be an integer ≥ 1/,
    );
  });
});
