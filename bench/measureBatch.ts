import type { Problem } from "../src-main/core/domain/Problem.js";
import type { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { StepCandidate } from "../src-main/core/policy/Policy.js";

/** Throughput of k candidates decoded at once beside the same k decoded one after another. */
export interface BatchFigures {
  k: number;
  /** Concurrent tokens/s ÷ sequential tokens/s, for candidate next steps (`expand`, what search calls). */
  batchSpeedup: number;
  concurrentTokensPerSecond: number;
  sequentialTokensPerSecond: number;
  /**
   * batchSpeedup of each problem alone, in problem order: how much the figure moves from problem to problem (and
   * with bursts of load from other processes, which fall on one problem's pair of sides).
   */
  problemSpeedups: number[];
  /** The same for whole solutions (`rollout`): longer decodes, so prefill weighs less. null when not measured. */
  rolloutSpeedup: number | null;
  rolloutConcurrentTokensPerSecond: number | null;
  rolloutSequentialTokensPerSecond: number | null;
  threads: number;
}

export interface MeasureBatchOptions {
  /** Also time k whole solutions (`rollout`) each way. Default true. */
  rollouts?: boolean;
}

const tokensOf = (cs: readonly StepCandidate[]): number => cs.reduce((n, c) => n + c.cost.generatedTokens, 0);

/**
 * For each problem: k first-step candidates in one `expand` call (decoded concurrently, batched by node-llama-cpp)
 * against k `expand` calls of one candidate each, awaited in turn, with the same seeds; then the same for k whole
 * solutions (`rollout`), unless `options.rollouts` is false. Tokens/s counts generated tokens over wall time, prefill
 * included on both sides. The order of the two sides alternates by problem.
 */
export async function measureBatch(
  policy: LlamaPolicy,
  problems: readonly Problem[],
  k: number,
  onProgress: (done: number, total: number) => void,
  options: MeasureBatchOptions = {},
): Promise<BatchFigures> {
  const withRollouts = options.rollouts ?? true;
  const time = { concurrent: 0, sequential: 0, rolloutConcurrent: 0, rolloutSequential: 0 };
  const tokens = { concurrent: 0, sequential: 0, rolloutConcurrent: 0, rolloutSequential: 0 };
  const timed = async (key: keyof typeof time, run: () => Promise<StepCandidate[]>): Promise<void> => {
    const started = performance.now();
    const out = await run();
    time[key] += performance.now() - started;
    tokens[key] += tokensOf(out);
  };
  const seeds = Array.from({ length: k }, (_, i) => i);
  const problemSpeedups: number[] = [];
  for (const [i, p] of problems.entries()) {
    const sampling = { temperature: 0.8 };
    const sides = [
      () => timed("concurrent", () => policy.expand(p.problem, [], k, { ...sampling, seed: 100 * i })),
      () =>
        timed("sequential", async () => {
          const out: StepCandidate[] = [];
          for (const s of seeds)
            out.push(...(await policy.expand(p.problem, [], 1, { ...sampling, seed: 100 * i + s })));
          return out;
        }),
      () =>
        timed("rolloutConcurrent", () =>
          Promise.all(seeds.map((s) => policy.rollout(p.problem, [], { ...sampling, seed: 100 * i + s }))),
        ),
      () =>
        timed("rolloutSequential", async () => {
          const out: StepCandidate[] = [];
          for (const s of seeds) out.push(await policy.rollout(p.problem, [], { ...sampling, seed: 100 * i + s }));
          return out;
        }),
    ];
    const order = (i % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2]).filter((j) => withRollouts || j < 2);
    const before = { ...time };
    const tokensBefore = { ...tokens };
    for (const j of order) await sides[j]?.();
    const delta = (key: "concurrent" | "sequential") => (tokens[key] - tokensBefore[key]) / (time[key] - before[key]);
    problemSpeedups.push(delta("concurrent") / delta("sequential"));
    onProgress(i + 1, problems.length);
  }
  const rate = (key: keyof typeof time): number => tokens[key] / (time[key] / 1000);
  return {
    k,
    batchSpeedup: rate("concurrent") / rate("sequential"),
    concurrentTokensPerSecond: rate("concurrent"),
    sequentialTokensPerSecond: rate("sequential"),
    problemSpeedups,
    rolloutSpeedup: withRollouts ? rate("rolloutConcurrent") / rate("rolloutSequential") : null,
    rolloutConcurrentTokensPerSecond: withRollouts ? rate("rolloutConcurrent") : null,
    rolloutSequentialTokensPerSecond: withRollouts ? rate("rolloutSequential") : null,
    threads: policy.threads,
  };
}
