import { firstWrongClaim } from "../domain/stepChecker.js";
import { ScoreCost } from "./ScoreCost.js";
import type { Scorer } from "./Scorer.js";

/**
 * The arithmetic step checker as a scorer, for the embedded step-math domain: every step scores 1 until the
 * first step with a wrong `a op b = c` claim, and 0 from there on (a wrong step spoils what follows it). It
 * cannot judge reasoning without arithmetic, so a solution with none scores 1 throughout.
 */
export class StepCheckerScorer implements Scorer {
  private readonly totals = ScoreCost.zero();

  get accounting(): ScoreCost {
    return { ...this.totals };
  }

  async scoreSteps(_problem: string, steps: readonly string[]): Promise<number[]> {
    const started = performance.now();
    let wrong = false;
    const scores = steps.map((step) => {
      wrong ||= firstWrongClaim(step) !== undefined;
      return wrong ? 0 : 1;
    });
    ScoreCost.addInto(this.totals, { ...ScoreCost.zero(), stepsScored: steps.length, ms: performance.now() - started });
    return scores;
  }

  /** 1 when every step checks out, else 0 (the last step's score). */
  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    return (await this.scoreSteps(problem, steps)).at(-1) ?? 1;
  }
}
