import { ScoreCost } from "./ScoreCost.js";
import type { Scorer } from "./Scorer.js";
import { StepCheckerScorer } from "./StepCheckerScorer.js";

/**
 * A reward model gated by the arithmetic step checker: each step's score is the model's score times the
 * checker's 1 or 0, so a step with a wrong `a op b = c` claim, and every step after it, scores 0. A small PRM
 * judges arithmetic with its own beliefs and can prefer a confident slip (`6 + 396 = 482`) to the right sum;
 * the checker cannot be fooled by that, while the model still ranks everything the checker cannot judge.
 */
export class CheckedScorer implements Scorer {
  private readonly checker = new StepCheckerScorer();

  constructor(private readonly model: Scorer) {}

  get accounting(): ScoreCost {
    return ScoreCost.addInto(this.model.accounting, this.checker.accounting);
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    const firstWrong = (await this.checker.scoreSteps(problem, steps)).indexOf(0);
    const valid = firstWrong === -1 ? steps.length : firstWrong;
    // Steps from the first wrong claim on score 0 whatever the model says: the model need not run for them.
    const scores = valid > 0 ? await this.model.scoreSteps(problem, steps.slice(0, valid)) : [];
    return [...scores, ...new Array<number>(steps.length - valid).fill(0)];
  }

  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    if ((await this.checker.scoreOutcome(problem, steps)) === 0) return 0;
    return this.model.scoreOutcome(problem, steps);
  }
}
