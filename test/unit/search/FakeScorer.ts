import { ScoreCost } from "../../../src-main/core/reward/ScoreCost.js";
import type { Scorer } from "../../../src-main/core/reward/Scorer.js";

export interface FakeScorerRules {
  /** A step's score from its text (and the steps before it). Default: the number in "[0.7]", else 0.5. */
  step?: (step: string, index: number, steps: readonly string[]) => number;
  /** A solution's outcome score. Default: the last step's score. */
  outcome?: (steps: readonly string[]) => number;
}

/** Reads a "[0.7]" tag out of a step: how tests write the score they want a step to get. */
export const tagScore = (step: string): number => {
  const m = /\[(\d*\.?\d+)\]/.exec(step);
  return m ? Number(m[1]) : 0.5;
};

/** A rule-based scorer that counts its calls and reports a cost per call (one evaluated token per step). */
export class FakeScorer implements Scorer {
  stepCalls = 0;
  outcomeCalls = 0;
  private readonly totals = ScoreCost.zero();

  constructor(private readonly rules: FakeScorerRules = {}) {}

  get calls(): number {
    return this.stepCalls + this.outcomeCalls;
  }

  get accounting(): ScoreCost {
    return { ...this.totals };
  }

  async scoreSteps(_problem: string, steps: readonly string[]): Promise<number[]> {
    this.stepCalls += 1;
    this.charge(steps.length);
    return steps.map((s, i) => (this.rules.step ?? tagScore)(s, i, steps));
  }

  async scoreOutcome(_problem: string, steps: readonly string[]): Promise<number> {
    this.outcomeCalls += 1;
    this.charge(steps.length);
    const last = steps[steps.length - 1] ?? "";
    return this.rules.outcome
      ? this.rules.outcome(steps)
      : (this.rules.step ?? tagScore)(last, steps.length - 1, steps);
  }

  private charge(steps: number): void {
    ScoreCost.addInto(this.totals, { ...ScoreCost.zero(), modelCalls: 1, evaluatedTokens: steps, stepsScored: steps });
  }
}
