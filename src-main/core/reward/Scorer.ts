import type { ScoreCost } from "./ScoreCost.js";

/**
 * Anything that scores reasoning steps: a process reward model, an outcome reward model, or a rule verifier.
 * Search strategies see only this. A path is the list of steps so far, texts without their delimiters.
 */
export interface Scorer {
  /** One score per step, each in [0,1]: higher means the solution is more likely right up to that step. */
  scoreSteps(problem: string, steps: readonly string[]): Promise<number[]>;
  /** One score in [0,1] for the solution as a whole. */
  scoreOutcome(problem: string, steps: readonly string[]): Promise<number>;
  /** Compute spent since the scorer was made, summed over calls (a copy). */
  readonly accounting: ScoreCost;
  /**
   * Drops scores cached by earlier calls, so a search that starts after it is charged what it costs on its own.
   * Optional: a scorer without a cache has nothing to drop.
   */
  reset?(): Promise<void>;
}
