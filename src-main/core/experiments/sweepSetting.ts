import { basename } from "node:path";
import type { Problem } from "../domain/Problem.js";
import type { Sampling } from "../policy/Sampling.js";
import { LEGACY_SWEEP_SAMPLING, type SweepConfig } from "./SweepConfig.js";

/**
 * What a scaling plot's caption states about the sweep behind it: enough to read a figure on its own in a paper.
 * Kept in summary.json (and the store's summary metric) beside the numbers it qualifies.
 */
export interface SweepSetting {
  /** The problem set as given: `test`, `dev`, `train` or a .jsonl file's name. */
  set: string;
  /** Only the first `limit` problems of the set; null for all. */
  limit: number | null;
  /** Problems the sweep runs. */
  problems: number;
  /** Policy names, as the plot's series name them. */
  policies: string[];
  /** The PRM's name (its profile's file name without `.profile.json`). */
  prm: string;
  /** The PRM gated by the arithmetic step checker. */
  checkArithmetic: boolean;
  /** What the sampled strategies sample with. */
  sampling: Required<Pick<Sampling, "temperature" | "topK" | "topP" | "minP">>;
  /** The search seed of every item. */
  seed: number;
}

/** A profile path's display name, as the sweep's policy names are made. */
function profileName(path: string): string {
  return basename(path).replace(/\.profile\.json$/, "");
}

/** The caption's facts from a sweep's config and the problems it runs. */
export function sweepSetting(config: SweepConfig, problems: readonly Problem[]): SweepSetting {
  const sampling = { ...LEGACY_SWEEP_SAMPLING, ...config.sampling };
  return {
    set: config.set.endsWith(".jsonl") ? basename(config.set) : config.set,
    limit: config.limit,
    problems: problems.length,
    policies: config.policies.map((p) => p.name),
    prm: profileName(config.prm),
    checkArithmetic: config.checkArithmetic ?? false,
    sampling: {
      temperature: sampling.temperature ?? LEGACY_SWEEP_SAMPLING.temperature ?? 0,
      topK: sampling.topK ?? 0,
      topP: sampling.topP ?? 1,
      minP: sampling.minP ?? 0,
    },
    seed: config.seed,
  };
}
