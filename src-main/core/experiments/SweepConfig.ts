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
  /** The PRM is gated by the arithmetic step checker (CheckedScorer); absent in sweeps saved before it existed. */
  checkArithmetic?: boolean;
}
