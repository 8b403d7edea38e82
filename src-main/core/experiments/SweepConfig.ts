import type { Sampling } from "../policy/Sampling.js";
import type { BudgetCaps } from "../search/BudgetCaps.js";
import type { StrategyName } from "../search/StrategyName.js";

/** A sweep's settings as the run store keeps them (runs.config), with every path absolute. */
export interface SweepConfig {
  /** The problem set as given: `test`, `dev`, `train` or a .jsonl path. */
  set: string;
  /** The problem file read. */
  problemFile: string;
  /** Only the first `limit` problems; null for all. */
  limit: number | null;
  /** Strategies run, baselines included (see planSweep). */
  strategies: StrategyName[];
  /** Sweep budgets b (see strategyBudget). */
  budgets: number[];
  /**
   * Each policy's name (unique, used in results), profile, and content fingerprint (modelFingerprint; absent in
   * sweeps saved before it was kept).
   */
  policies: { name: string; profile: string; fingerprint?: string }[];
  /** The PRM's profile. */
  prm: string;
  /** The PRM's content fingerprint (absent in sweeps saved before it was kept). */
  prmFingerprint?: string;
  /** The search seed of every item. */
  seed: number;
  /** Caps on every item's search, on top of its budget. */
  caps: BudgetCaps;
  /**
   * What every sampled item samples with, all four settings explicit. Absent in sweeps saved before it was kept,
   * which sampled at temperature 0.8 with node-llama-cpp's implicit top-k 40 and top-p 0.95 (LEGACY_SWEEP_SAMPLING).
   */
  sampling?: Sampling;
  /** The PRM is gated by the arithmetic step checker (CheckedScorer); absent in sweeps saved before it existed. */
  checkArithmetic?: boolean;
}

/** What sweeps saved before `sampling` was kept sampled with (node-llama-cpp's implicit top-k and top-p). */
export const LEGACY_SWEEP_SAMPLING: Sampling = { temperature: 0.8, topK: 40, topP: 0.95, minP: 0 };
