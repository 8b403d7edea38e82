import { answersMatch } from "../domain/answerChecker.js";
import { extractAnswer } from "../domain/extractAnswer.js";
import { ScoreCost } from "./ScoreCost.js";
import type { Scorer } from "./Scorer.js";

export interface AnswerCheckerScorerOptions {
  /** The reference answer: one for every problem, or looked up per problem text. */
  reference: string | ((problem: string) => string | undefined);
  /** A step matching this (multiline) pattern holds the answer in group 1. Default `^Answer: (.+)$`. */
  answerPattern?: string;
}

/**
 * The answer checker as a scorer (an oracle outcome verifier, for measuring how far search is from perfect
 * verification): 1 when the solution's answer equals the reference numerically, 0 when it differs or no step
 * gives an answer. Every step gets the outcome score, as with an ORM.
 */
export class AnswerCheckerScorer implements Scorer {
  private readonly totals = ScoreCost.zero();
  private readonly pattern: RegExp;

  constructor(private readonly options: AnswerCheckerScorerOptions) {
    this.pattern = new RegExp(options.answerPattern ?? "^Answer: (.+)$", "m");
  }

  get accounting(): ScoreCost {
    return { ...this.totals };
  }

  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    const started = performance.now();
    const { reference } = this.options;
    const expected = typeof reference === "string" ? reference : reference(problem);
    if (expected === undefined) throw new RangeError(`no reference answer for problem ${JSON.stringify(problem)}`);
    // The last answer stated, as graders take the last \boxed{} (extractAnswer).
    let answer: string | undefined;
    for (const step of steps) answer = extractAnswer(step, this.pattern) ?? answer;
    const score = answer !== undefined && answersMatch(answer, expected) ? 1 : 0;
    ScoreCost.addInto(this.totals, { ...ScoreCost.zero(), stepsScored: 1, ms: performance.now() - started });
    return score;
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    if (steps.length === 0) return [];
    const outcome = await this.scoreOutcome(problem, steps);
    return steps.map(() => outcome);
  }
}
