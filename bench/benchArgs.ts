import { parseArgs } from "node:util";

/** What `npm run bench` measures on, and where it writes. */
export interface BenchArgs {
  /** Test problems for the search measurements (beam N=8, MCTS 64 iterations, with and without reuse). Default 20. */
  problems: number;
  /** Test problems for accuracy per compute (beam@8, best-of-8, best-of-32); 0 skips it. Default 40. */
  accuracyProblems: number;
  /** Prompts for the decode comparison, each decoded `decodeRounds` times per side. Default 12 and 2. */
  decodePrompts: number;
  decodeRounds: number;
  /** Problems for the batch measurement, k candidates each. Default 6. */
  batchProblems: number;
  /** Concurrent candidates in the batch measurement, and N of beam@N. Default 8. */
  k: number;
  /**
   * Problems for the batch measurement on the memory-bound random model (bench/randomLlama.ts, 206M parameters,
   * Q8_0), the one batchSpeedup's goal is checked on; 0 skips it. Default 3.
   */
  memoryBoundProblems: number;
  /** Threads the memory-bound model decodes with. Default 2 (this machine's cores). */
  memoryBoundThreads: number;
  /** Matrix type of the memory-bound model: "q8_0" (default) or "f16" (see MEMORY_BOUND_SHAPE for why). */
  memoryBoundType: "f16" | "q8_0";
  /**
   * Test problems for the peer comparison (best-of-n and beam in-process against llama-server over HTTP, on the
   * same GGUF and threads); 0 skips it, and it is skipped with a note when llama-server is not built. Default 10.
   */
  peerProblems: number;
  /** "batch" runs only the batch measurements (both models) and writes `out` with them alone. Default: everything. */
  only: "batch" | null;
  /**
   * Sequences (KV caches) of the policies that search and batch run on. Default 64: MCTS comes back to paths long
   * after it made them, and a smaller pool evicts them (see poolSizes). On the embedded 6M policy a sequence is
   * 256 tokens × 8 KiB of KV, so 64 cost 128 MiB.
   */
  sequences: number;
  /** Smaller pools MCTS is also run on (reuse on), to show what eviction costs. Default 8,16; "" skips. */
  poolSizes: number[];
  /** Results file. Default bench/results.json; with `--only batch`, bench/results-batch.json (the full file is kept). */
  out: string;
  /** The tokens-per-node plot. Default docs/performance-tokens-per-node.svg. */
  svg: string;
}

const DEFAULTS: BenchArgs = {
  problems: 20,
  accuracyProblems: 40,
  decodePrompts: 12,
  decodeRounds: 2,
  batchProblems: 6,
  k: 8,
  memoryBoundProblems: 3,
  memoryBoundThreads: 2,
  memoryBoundType: "q8_0",
  peerProblems: 10,
  only: null,
  sequences: 64,
  poolSizes: [8, 16],
  out: "bench/results.json",
  svg: "docs/performance-tokens-per-node.svg",
};

function count(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`--${flag} must be an integer ≥ ${min}, got ${raw}`);
  return n;
}

function matrixType(raw: string | undefined): BenchArgs["memoryBoundType"] {
  if (raw === undefined) return DEFAULTS.memoryBoundType;
  if (raw === "f16" || raw === "q8_0") return raw;
  throw new RangeError(`--memory-bound-type must be "q8_0" or "f16", got ${raw}`);
}

function only(raw: string | undefined): BenchArgs["only"] {
  if (raw === undefined) return DEFAULTS.only;
  if (raw === "batch") return raw;
  throw new RangeError(`--only must be "batch" (the one part that runs alone), got ${raw}`);
}

/** Reads the bench's flags; a bad count is a RangeError naming the flag. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      problems: { type: "string" },
      "accuracy-problems": { type: "string" },
      "decode-prompts": { type: "string" },
      "decode-rounds": { type: "string" },
      "batch-problems": { type: "string" },
      k: { type: "string" },
      "memory-bound-problems": { type: "string" },
      "memory-bound-threads": { type: "string" },
      "memory-bound-type": { type: "string" },
      "peer-problems": { type: "string" },
      only: { type: "string" },
      sequences: { type: "string" },
      "pool-sizes": { type: "string" },
      out: { type: "string" },
      svg: { type: "string" },
    },
  });
  return {
    problems: count("problems", values.problems, DEFAULTS.problems, 1),
    accuracyProblems: count("accuracy-problems", values["accuracy-problems"], DEFAULTS.accuracyProblems, 0),
    decodePrompts: count("decode-prompts", values["decode-prompts"], DEFAULTS.decodePrompts, 1),
    decodeRounds: count("decode-rounds", values["decode-rounds"], DEFAULTS.decodeRounds, 1),
    batchProblems: count("batch-problems", values["batch-problems"], DEFAULTS.batchProblems, 1),
    k: count("k", values.k, DEFAULTS.k, 2),
    memoryBoundProblems: count(
      "memory-bound-problems",
      values["memory-bound-problems"],
      DEFAULTS.memoryBoundProblems,
      0,
    ),
    memoryBoundThreads: count("memory-bound-threads", values["memory-bound-threads"], DEFAULTS.memoryBoundThreads, 1),
    memoryBoundType: matrixType(values["memory-bound-type"]),
    peerProblems: count("peer-problems", values["peer-problems"], DEFAULTS.peerProblems, 0),
    only: only(values.only),
    sequences: count("sequences", values.sequences, DEFAULTS.sequences, 1),
    poolSizes:
      values["pool-sizes"] === undefined
        ? DEFAULTS.poolSizes
        : values["pool-sizes"]
            .split(",")
            .filter((x) => x.trim() !== "")
            .map((x) => count("pool-sizes", x.trim(), 0, 1)),
    out: values.out ?? (values.only === "batch" ? "bench/results-batch.json" : DEFAULTS.out),
    svg: values.svg ?? DEFAULTS.svg,
  };
}
