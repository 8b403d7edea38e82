// npm run bench [-- --problems N --accuracy-problems N --decode-prompts N --decode-rounds N --batch-problems N --k N
//                    --memory-bound-problems N --memory-bound-threads N --peer-problems N --only batch]
// Performance figures for Mull's engines on the embedded models, each a ratio measured side by side in this run:
// decode speed against plain node-llama-cpp, tokens evaluated against the tokens of the search trees (with and
// without KV reuse), PRM tokens against distinct scored tokens, batching, and accuracy per compute. Prints a
// table, writes bench/results.json and the tokens-per-node plot. See docs/performance.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { format } from "prettier";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { EMBEDDED, PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { llamaServerBinary } from "../src-main/core/remote/llamaServerProcess.js";
import { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";
import { parseBenchArgs } from "./benchArgs.js";
import { formatTable } from "./formatTable.js";
import { checkGoal, type Checked } from "./Goal.js";
import { startMeasurement } from "./startMeasurement.js";
import { measureAccuracy } from "./measureAccuracy.js";
import { measureBatches, runBatchOnly } from "./batchOnly.js";
import { BATCH_SPEEDUP_GOAL, batchRows, batchSpeedupResult } from "./memoryBoundBatch.js";
import { measureDecode } from "./measureDecode.js";
import { measurePeer, type PeerFigures } from "./measurePeer.js";
import { measurePoolSizes } from "./measurePoolSizes.js";
import { measureSearch } from "./measureSearch.js";
import { plotTokensPerNode } from "./plotTokensPerNode.js";
import { prmTokenRows } from "./prmTokenRows.js";
import { progress } from "./progress.js";
import { spreadSample } from "./spreadSample.js";

const args = parseBenchArgs(process.argv.slice(2));
const measurement = await startMeasurement();
const { started, startedAt, machine } = measurement;

const testSet = loadProblemSet(PROBLEM_SETS.test);
if (args.only === "batch") {
  await runBatchOnly(args, measurement, testSet);
  process.exit(0);
}
const policyProfile = EMBEDDED.policyLarge;
const loadPrm = () => OnnxPrm.load(EMBEDDED.prm);

// Decode: one sequence on each side, so neither batches.
const single = await LlamaPolicy.load(policyProfile, { sequences: 1 });
const decode = await measureDecode(
  single,
  spreadSample(testSet, args.decodePrompts),
  args.decodeRounds,
  progress("decode: Mull vs plain node-llama-cpp"),
);
await single.dispose();

const withReuse = await LlamaPolicy.load(policyProfile, { sequences: args.sequences });
const withoutReuse = await LlamaPolicy.load(policyProfile, { sequences: args.sequences, prefixReuse: false });
const { batch, memoryBound } = await measureBatches(withReuse, args, testSet);

const encoder = await prmTokenRows(EMBEDDED.prm);
const rig = { withReuse, withoutReuse, loadPrm, encoder };
const searchProblems = spreadSample(testSet, args.problems);
const beam = await measureSearch(rig, "beam", searchProblems, progress("beam N=8, reuse on/off"));
const mcts = await measureSearch(rig, "mcts", searchProblems, progress("MCTS 64, reuse on/off"));
const pools = await measurePoolSizes(
  policyProfile,
  loadPrm,
  searchProblems,
  args.poolSizes,
  progress("MCTS 64, smaller pools"),
);
await encoder.dispose();

const accuracyProblems = spreadSample(testSet, args.accuracyProblems);
const accuracyProgress = new Map<string, ReturnType<typeof progress>>();
const accuracy =
  args.accuracyProblems > 0
    ? await measureAccuracy(withReuse, loadPrm, accuracyProblems, args.k, (label, done, total) => {
        if (!accuracyProgress.has(label)) accuracyProgress.set(label, progress(`accuracy: ${label}`));
        accuracyProgress.get(label)?.(done, total);
      })
    : null;
await Promise.all([withReuse.dispose(), withoutReuse.dispose()]);

// The same searches over llama-server's HTTP API (a peer engine), on the same GGUF, threads and concurrency.
const peerProgress = new Map<string, ReturnType<typeof progress>>();
const peerSkipped =
  args.peerProblems === 0
    ? "--peer-problems 0"
    : llamaServerBinary() === null
      ? "llama-server is not built (npm run llama-server:build)"
      : null;
if (peerSkipped) console.error(`peer comparison skipped: ${peerSkipped}`);
const peer: PeerFigures[] | null = peerSkipped
  ? null
  : await measurePeer(
      { profile: policyProfile, threads: decode.threads, sequences: args.k, loadPrm },
      spreadSample(testSet, args.peerProblems),
      (label, done, total) => {
        if (!peerProgress.has(label)) peerProgress.set(label, progress(label));
        peerProgress.get(label)?.(done, total);
      },
    );

const GOALS = {
  decodeRatio: { op: ">=", target: 0.97 },
  prefillRatio: { op: "<=", target: 1.05 },
  prmRatio: { op: "<=", target: 1.1 },
  batchSpeedup: BATCH_SPEEDUP_GOAL,
  inProcessSpeedup: { op: ">=", target: 2 },
} as const;
const bySearch = (s: typeof beam) => ({
  ...checkGoal(s.reuse.prefillRatio, GOALS.prefillRatio),
  sequences: args.sequences,
  withoutReuse: s.noReuse.prefillRatio,
  engineTokens: s.reuse.engineTokens,
  engineTokensWithoutReuse: s.noReuse.engineTokens,
  treeTokens: s.reuse.treeTokens,
  nodes: s.reuse.nodes,
});
const prmBy = (s: typeof beam) => ({
  ...checkGoal(s.prm.prmRatio, GOALS.prmRatio),
  processedTokens: s.prm.processedTokens,
  distinctTokens: s.prm.distinctTokens,
  reusedTokens: s.prm.reusedTokens,
  incremental: s.prm.incremental,
  paddingTokens: s.prm.paddingTokens,
  modelCalls: s.prm.modelCalls,
  rewardCalls: s.prm.rewardCalls,
});
const results = {
  generatedAt: startedAt,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  settings: { ...args, policy: policyProfile.split("/").at(-1), prm: "mull-prm.onnx", threads: decode.threads },
  decodeRatio: checkGoal(decode.decodeRatio, GOALS.decodeRatio),
  prefillRatio: {
    beam: bySearch(beam),
    mcts: {
      ...bySearch(mcts),
      smallerPools: pools.map((p) => ({ sequences: p.sequences, prefillRatio: p.prefillRatio, ms: p.ms })),
    },
  },
  prmRatio: { beam: prmBy(beam), mcts: prmBy(mcts) },
  batchSpeedup: batchSpeedupResult(batch, memoryBound, GOALS.batchSpeedup),
  accuracyPerCompute: accuracy,
  /** In-process against llama-server over HTTP: how many times faster per problem, and the figures of each side. */
  peerComparison: peer
    ? Object.fromEntries(
        peer.map((f) => [f.search, { ...checkGoal(f.inProcessSpeedup, GOALS.inProcessSpeedup), ...f }]),
      )
    : { skipped: peerSkipped },
  tokensPerSecond: {
    mullDecode: decode.mullTokensPerSecond,
    plainNodeLlamaCppDecode: decode.plainTokensPerSecond,
    concurrentExpand: batch.concurrentTokensPerSecond,
    sequentialExpand: batch.sequentialTokensPerSecond,
    concurrentRollout: batch.rolloutConcurrentTokensPerSecond,
    sequentialRollout: batch.rolloutSequentialTokensPerSecond,
    memoryBoundConcurrentExpand: memoryBound?.figures.concurrentTokensPerSecond ?? null,
    memoryBoundSequentialExpand: memoryBound?.figures.sequentialTokensPerSecond ?? null,
  },
  details: { decode, batch, batchMemoryBound: memoryBound, search: [beam, mcts], pools },
  machine,
  contention: measurement.contention(),
};

// Per sample, not per node: identical samples merge into one node (ThoughtNode.count) but each was generated.
const perNode = (tokens: number, samples: number) => (samples === 0 ? 0 : tokens / samples);
const svg = await plotTokensPerNode(
  [beam, mcts].flatMap((s) => {
    const strategy = s.strategy === "beam" ? "beam N=8" : "MCTS 64";
    const smaller = s.strategy === "mcts" ? pools : [];
    return [
      { strategy, series: "reuse off", tokensPerNode: perNode(s.noReuse.engineTokens, s.noReuse.samples) },
      ...smaller.map((p) => ({
        strategy,
        series: `reuse on, ${p.sequences} sequences`,
        tokensPerNode: perNode(p.engineTokens, p.samples),
      })),
      {
        strategy,
        series: `reuse on, ${args.sequences} sequences`,
        tokensPerNode: perNode(s.reuse.engineTokens, s.reuse.samples),
      },
      { strategy, series: "tree tokens (floor)", tokensPerNode: perNode(s.reuse.treeTokens, s.reuse.samples) },
    ];
  }),
  [
    "reuse off",
    ...pools.map((p) => `reuse on, ${p.sequences} sequences`),
    `reuse on, ${args.sequences} sequences`,
    "tree tokens (floor)",
  ],
);
for (const file of [args.out, args.svg]) mkdirSync(dirname(file), { recursive: true });
writeFileSync(args.svg, svg);
writeFileSync(args.out, await format(JSON.stringify(results), { parser: "json", printWidth: 120 }));

const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? "—" : x.toFixed(digits));
const goal = (c: Checked) => `${c.goal.op === ">=" ? "≥" : "≤"} ${c.goal.target}`;
const met = (c: Checked) => (c.met === null ? "n/a" : c.met ? "met" : "missed");
const row = (name: string, c: Checked, note: string) => [name, fmt(c.value), goal(c), met(c), note];
const rows = [
  row(
    "decodeRatio",
    results.decodeRatio,
    `median of pairs; IQR ${fmt(decode.pairRatioQuartiles[0])}–${fmt(decode.pairRatioQuartiles[2])}; totals ${fmt(decode.decodeRatioOfTotals)}`,
  ),
  row("prefillRatio beam", results.prefillRatio.beam, `reuse off ${fmt(beam.noReuse.prefillRatio)}`),
  row("prefillRatio MCTS", results.prefillRatio.mcts, `reuse off ${fmt(mcts.noReuse.prefillRatio)}`),
  ...pools.map((p) =>
    row(`prefillRatio MCTS, ${p.sequences} seq.`, checkGoal(p.prefillRatio, GOALS.prefillRatio), "smaller pool"),
  ),
  ["search ms, beam", fmt(beam.reuse.ms, 0), "", "", `reuse off ${fmt(beam.noReuse.ms, 0)}`],
  ["search ms, MCTS", fmt(mcts.reuse.ms, 0), "", "", `reuse off ${fmt(mcts.noReuse.ms, 0)}`],
  row("prmRatio beam", results.prmRatio.beam, `${beam.prm.modelCalls} runs for ${beam.prm.rewardCalls} calls`),
  row("prmRatio MCTS", results.prmRatio.mcts, `${mcts.prm.modelCalls} runs for ${mcts.prm.rewardCalls} calls`),
  ...batchRows(results.batchSpeedup, fmt),
  ...(peer ?? []).flatMap((f) => [
    row(
      `in-process vs llama-server, ${f.search}`,
      checkGoal(f.inProcessSpeedup, GOALS.inProcessSpeedup),
      `${fmt(f.inProcess.problemsPerMinute, 1)} vs ${fmt(f.llamaServer.problemsPerMinute, 1)} problems/min (${f.settings})`,
    ),
    [
      `tokens per tree token, ${f.search}`,
      fmt(f.inProcess.tokensPerTreeToken),
      "",
      "",
      `llama-server ${fmt(f.llamaServer.tokensPerTreeToken)}`,
    ],
  ]),
];
console.log(formatTable(["figure", "value", "goal", "", "note"], rows));
if (accuracy)
  console.log(
    formatTable(
      ["strategy", "accuracy", "mean generated tokens", "correct per 1k tokens"],
      accuracy.cells.map((c) => [
        c.label,
        `${c.correct}/${c.problems} (${(100 * c.accuracy).toFixed(0)}%)`,
        fmt(c.meanGeneratedTokens, 0),
        fmt(c.correctPerKiloToken, 3),
      ]),
    ),
  );
console.log(
  `load average ${results.contention.loadAverageAtStart.join(" ")} → ${results.contention.loadAverageAtEnd.join(" ")}; ${results.durationSeconds} s`,
);
console.log(`wrote ${args.out} and ${args.svg}`);
