/**
 * A sane thread count. node-llama-cpp's own default oversubscribes small machines (4 threads on 2 cores ran
 * ~300× slower, shared/ENVIRONMENT.md). Tiny models are fastest on one thread: their matrices are too small to
 * split profitably. Larger models use the cores that are good for math (physical cores, as llama.cpp counts
 * them), shared among the sequences decoding at once.
 */
export function defaultThreads(modelBytes: number, mathCores: number): number {
  if (modelBytes < 64 * 1024 * 1024) return 1;
  return Math.max(1, mathCores);
}
