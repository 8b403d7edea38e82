import { availableParallelism } from "node:os";

/**
 * A sane thread count. node-llama-cpp's own default oversubscribes small machines (4 threads on 2 cores ran
 * ~300× slower, shared/ENVIRONMENT.md), and tiny models are fastest on one thread: their matrices are too small
 * to split profitably.
 */
export function defaultThreads(modelBytes: number, cores = availableParallelism()): number {
  if (modelBytes < 64 * 1024 * 1024) return 1;
  return Math.max(1, cores);
}
