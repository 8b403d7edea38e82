// `npm run bench -- --only batch`: the batch measurements alone (embedded 6M policy, then the memory-bound random
// model), written to their own file (default bench/results-batch.json) so the full results are kept.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { format } from "prettier";
import type { Problem } from "../src-main/core/domain/Problem.js";
import { EMBEDDED } from "../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { BenchArgs } from "./benchArgs.js";
import { formatTable } from "./formatTable.js";
import { measureBatch } from "./measureBatch.js";
import { BATCH_SPEEDUP_GOAL, batchRows, batchSpeedupResult, measureMemoryBoundBatch } from "./memoryBoundBatch.js";
import { MEMORY_BOUND_SHAPE } from "./randomLlama.js";
import { progress } from "./progress.js";
import { spreadSample } from "./spreadSample.js";
import type { Measurement } from "./startMeasurement.js";

/** Measures batching on both models as the full bench does, prints the rows and writes `args.out`. */
export async function runBatchOnly(
  args: BenchArgs,
  measurement: Measurement,
  testSet: readonly Problem[],
): Promise<void> {
  // The same pool as the full run's (args.sequences), so the embedded figure is comparable with it.
  const policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: args.sequences });
  const { batch, memoryBound } = await measureBatches(policy, args, testSet).finally(() => policy.dispose());
  const results = {
    generatedAt: measurement.startedAt,
    durationSeconds: Math.round((performance.now() - measurement.started) / 1000),
    settings: {
      only: args.only,
      batchProblems: args.batchProblems,
      memoryBoundProblems: args.memoryBoundProblems,
      memoryBoundThreads: args.memoryBoundThreads,
      memoryBoundType: args.memoryBoundType,
      k: args.k,
      sequences: args.sequences,
      policy: EMBEDDED.policyLarge.split("/").at(-1),
    },
    batchSpeedup: batchSpeedupResult(batch, memoryBound, BATCH_SPEEDUP_GOAL),
    details: { batch, batchMemoryBound: memoryBound },
    machine: measurement.machine,
    contention: measurement.contention(),
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, await format(JSON.stringify(results), { parser: "json", printWidth: 120 }));
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(2));
  console.log(formatTable(["figure", "value", "goal", "", "note"], batchRows(results.batchSpeedup, fmt)));
  const { loadAverageAtStart, loadAverageAtEnd } = results.contention;
  console.log(
    `load average ${loadAverageAtStart.join(" ")} → ${loadAverageAtEnd.join(" ")}; ${results.durationSeconds} s`,
  );
  console.log(`wrote ${args.out}`);
}

/**
 * The batch measurements of `npm run bench` and of `--only batch`: k concurrent candidates against sequential ones on
 * `policy` (the embedded 6M), then on the memory-bound random model (bench/randomLlama) unless
 * `args.memoryBoundProblems` is 0, where batching pays because one token is bound by reading the weights.
 */
export async function measureBatches(policy: LlamaPolicy, args: BenchArgs, testSet: readonly Problem[]) {
  const batch = await measureBatch(
    policy,
    spreadSample(testSet, args.batchProblems),
    args.k,
    progress(`batch: ${args.k} concurrent vs sequential`),
  );
  const memoryBound =
    args.memoryBoundProblems > 0
      ? await measureMemoryBoundBatch(
          spreadSample(testSet, args.memoryBoundProblems),
          args.k,
          args.memoryBoundThreads,
          progress(`batch, memory-bound model: ${args.k} concurrent vs sequential`),
          { ...MEMORY_BOUND_SHAPE, type: args.memoryBoundType },
        )
      : null;
  return { batch, memoryBound };
}
