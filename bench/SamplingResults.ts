import type { PairedComparison } from "./chooseSampling.js";
import type { MachineInfo } from "./machineInfo.js";
import type { GreedyCell, SamplingCell } from "./measureSampling.js";

/** What bench/samplingDefaults.ts writes to bench/sampling-defaults.json, and docs/sampling.md is made from. */
export interface SamplingResults {
  generatedAt: string;
  /** Wall time of the whole run so far, in seconds. */
  durationSeconds: number;
  /** False while the run is still going (the file is rewritten after every setting). */
  complete: boolean;
  settings: {
    policy: string;
    problemSet: string;
    /** Problems measured: the first `problems` of the set. */
    problems: number;
    /** Of the set's total. */
    setSize: number;
    n: number;
    threads: number;
    sequences: number;
    maxDepth: number;
    seeds: string;
  };
  /** What node-llama-cpp samples with when topK / topP / minP are left undefined. */
  nodeLlamaCppImplicit: { topK: number; topP: number; minP: number };
  greedy: GreedyCell;
  cells: (SamplingCell & { vsBaseline: PairedComparison; vsGreedy: PairedComparison })[];
  /** The rule and the label of the cell it chose; null until the run is complete. */
  choice: { rule: string; chosen: string | null };
  machine: MachineInfo;
  /** Other work on the shared machine, which makes the timings noisy (not the accuracy figures). */
  contention: {
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    busyProcessesAtStart: string[];
    busyProcessesAtEnd: string[];
  };
}
