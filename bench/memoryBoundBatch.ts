import type { Problem } from "../src-main/core/domain/Problem.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { checkGoal, type Checked, type Goal } from "./Goal.js";
import { measureBatch, type BatchFigures } from "./measureBatch.js";
import { ensureRandomLlama, MEMORY_BOUND_SHAPE, type RandomLlamaShape } from "./randomLlama.js";

/** batchSpeedup's goal (issue 21): k = 8 concurrent candidates at least 3× the tokens/s of 8 in turn. */
export const BATCH_SPEEDUP_GOAL: Goal = { op: ">=", target: 3 };

/** batchSpeedup on a model large enough that decoding one token is bound by reading its weights from memory. */
export interface MemoryBoundBatch {
  figures: BatchFigures;
  model: {
    file: string;
    shape: RandomLlamaShape;
    parameters: number;
    bytes: number;
    /** Seconds to write the GGUF in this run; null when the cached file was reused. */
    writeSeconds: number | null;
    loadSeconds: number;
  };
}

/**
 * Writes (or reuses) the random-weight model of MEMORY_BOUND_SHAPE and measures k concurrent `expand` candidates
 * against k in turn on it (measureBatch), with `threads` threads, k sequences and the model's own context. Whole
 * rollouts are not timed here: on random weights a step already runs to the step limit (a newline is one token of
 * 512), and a rollout of the whole context would take minutes for the sequential side at this size.
 */
export async function measureMemoryBoundBatch(
  problems: readonly Problem[],
  k: number,
  threads: number,
  onProgress: (done: number, total: number) => void,
  shape: RandomLlamaShape = MEMORY_BOUND_SHAPE,
): Promise<MemoryBoundBatch> {
  const model = await ensureRandomLlama(shape, {
    onWrite: (path) => console.error(`writing the random-weight model ${path} (once; reused by later runs)`),
  });
  const started = performance.now();
  const policy = await LlamaPolicy.load(model.profile, { sequences: k, threads, contextSize: shape.context });
  const loadSeconds = (performance.now() - started) / 1000;
  try {
    const figures = await measureBatch(policy, problems, k, onProgress, { rollouts: false });
    return {
      figures,
      model: {
        file: model.gguf,
        shape,
        parameters: model.parameters,
        bytes: model.bytes,
        writeSeconds: model.writeSeconds,
        loadSeconds,
      },
    };
  } finally {
    await policy.dispose();
  }
}

/** bench/results.json's `batchSpeedup`. */
export interface BatchSpeedupResult extends Checked {
  k: number;
  /** Which model the goal is checked on: the memory-bound random model when it was measured, else the embedded one. */
  on: "memory-bound random model" | "embedded policy";
  threads: number;
  rolloutSpeedup: number | null;
  memoryBound: {
    value: number;
    problemSpeedups: number[];
    concurrentTokensPerSecond: number;
    sequentialTokensPerSecond: number;
    threads: number;
    model: string;
    parameters: number;
    bytes: number;
    type: string;
  } | null;
  /** The embedded 6M policy: compute-bound (its 7 MB of weights stay in cache), so batching saves little there. */
  embedded: {
    value: number;
    rolloutSpeedup: number | null;
    problemSpeedups: number[];
    threads: number;
  };
}

/** The goal is checked on the memory-bound model when it was measured (where batching can pay), else the embedded. */
export function batchSpeedupResult(
  embedded: BatchFigures,
  memoryBound: MemoryBoundBatch | null,
  goal: Goal,
): BatchSpeedupResult {
  const headline = memoryBound?.figures ?? embedded;
  return {
    ...checkGoal(headline.batchSpeedup, goal),
    k: headline.k,
    on: memoryBound ? "memory-bound random model" : "embedded policy",
    threads: headline.threads,
    rolloutSpeedup: headline.rolloutSpeedup,
    memoryBound: memoryBound && {
      value: memoryBound.figures.batchSpeedup,
      problemSpeedups: memoryBound.figures.problemSpeedups,
      concurrentTokensPerSecond: memoryBound.figures.concurrentTokensPerSecond,
      sequentialTokensPerSecond: memoryBound.figures.sequentialTokensPerSecond,
      threads: memoryBound.figures.threads,
      model: memoryBound.model.file.split("/").at(-1) ?? memoryBound.model.file,
      parameters: memoryBound.model.parameters,
      bytes: memoryBound.model.bytes,
      type: memoryBound.model.shape.type,
    },
    embedded: {
      value: embedded.batchSpeedup,
      rolloutSpeedup: embedded.rolloutSpeedup,
      problemSpeedups: embedded.problemSpeedups,
      threads: embedded.threads,
    },
  };
}

/** The bench table's batch rows: the goal's row, then the other model's figure. */
export function batchRows(r: BatchSpeedupResult, fmt: (x: number | null | undefined) => string): string[][] {
  const goal = `${r.goal.op === ">=" ? "≥" : "≤"} ${r.goal.target}`;
  const met = r.met === null ? "n/a" : r.met ? "met" : "missed";
  const rows: string[][] = [];
  if (r.memoryBound) {
    const m = r.memoryBound;
    rows.push([
      `batchSpeedup, ${Math.round(m.parameters / 1e6)}M ${m.type.toUpperCase()}`,
      fmt(r.value),
      goal,
      met,
      `${fmt(m.concurrentTokensPerSecond)} vs ${fmt(m.sequentialTokensPerSecond)} tok/s, ${m.threads} threads; per problem ${m.problemSpeedups.map((x) => fmt(x)).join(" ")}`,
    ]);
  }
  rows.push([
    "batchSpeedup, embedded 6M",
    fmt(r.embedded.value),
    r.memoryBound ? "" : goal,
    r.memoryBound ? "" : met,
    `rollouts ${fmt(r.embedded.rolloutSpeedup)}, ${r.embedded.threads} thread(s)`,
  ]);
  return rows;
}
