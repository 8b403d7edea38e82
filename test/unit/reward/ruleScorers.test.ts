import { describe, expect, it } from "vitest";
import { AnswerCheckerScorer } from "../../../src-main/core/reward/AnswerCheckerScorer.js";
import { CheckedScorer } from "../../../src-main/core/reward/CheckedScorer.js";
import { ScoreCost } from "../../../src-main/core/reward/ScoreCost.js";
import { StepCheckerScorer } from "../../../src-main/core/reward/StepCheckerScorer.js";
import { FakeScorer, tagScore } from "../search/FakeScorer.js";

const PROBLEM = "Solve for x: 2x + 3 = 7";

describe("rule verifiers as scorers", () => {
  it("StepCheckerScorer: 1 until the first wrong arithmetic claim, 0 from there on", async () => {
    const scorer = new StepCheckerScorer();
    const steps = ["Subtract 3: 7 - 3 = 4.", "Divide: 4 / 2 = 3.", "So 3 + 0 = 3.", "Answer: 3"];
    expect(await scorer.scoreSteps(PROBLEM, steps)).toEqual([1, 0, 0, 0]);
    expect(await scorer.scoreOutcome(PROBLEM, steps)).toBe(0);
    const right = ["Subtract 3: 7 - 3 = 4.", "Divide: 4 / 2 = 2.", "Answer: 2"];
    expect(await scorer.scoreSteps(PROBLEM, right)).toEqual([1, 1, 1]);
    expect(await scorer.scoreOutcome(PROBLEM, right)).toBe(1);
    expect(scorer.accounting).toMatchObject({ modelCalls: 0, stepsScored: 14, evaluatedTokens: 0 });
  });

  it("AnswerCheckerScorer: 1 for a numerically equal answer, 0 for a wrong or missing one, on every step", async () => {
    const scorer = new AnswerCheckerScorer({ reference: (p) => (p === PROBLEM ? "2" : undefined) });
    expect(await scorer.scoreSteps(PROBLEM, ["4 / 2 = 2.", "Answer: x = 2.0"])).toEqual([1, 1]);
    expect(await scorer.scoreOutcome(PROBLEM, ["4 / 2 = 3.", "Answer: 3"])).toBe(0);
    expect(await scorer.scoreOutcome(PROBLEM, ["4 / 2 = 2."])).toBe(0);
    await expect(scorer.scoreOutcome("another problem", ["Answer: 1"])).rejects.toThrow(/no reference answer/);
    expect(scorer.accounting.stepsScored).toBe(3);
  });

  it("AnswerCheckerScorer takes one reference for all problems and its own answer pattern", async () => {
    const scorer = new AnswerCheckerScorer({ reference: "42", answerPattern: String.raw`\\boxed\{(.+)\}` });
    expect(await scorer.scoreOutcome("q", ["so the result is \\boxed{42}"])).toBe(1);
    expect(await scorer.scoreOutcome("q", ["Answer: 42"])).toBe(0);
  });

  it("ScoreCost sums calls field by field", () => {
    const total = ScoreCost.zero();
    ScoreCost.addInto(total, { ...ScoreCost.zero(), modelCalls: 1, newTokens: 5, cacheHits: 2, ms: 1.5 });
    ScoreCost.addInto(total, { ...ScoreCost.zero(), modelCalls: 1, newTokens: 3, stepsScored: 4, ms: 0.5 });
    expect(total).toEqual({ ...ScoreCost.zero(), modelCalls: 2, newTokens: 8, cacheHits: 2, stepsScored: 4, ms: 2 });
  });

  it("CheckedScorer: the model's score on steps the checker passes, 0 from the first wrong claim on", async () => {
    const model = new FakeScorer({ step: tagScore, outcome: () => 0.9 });
    const scorer = new CheckedScorer(model);
    // The model is sure of the wrong sum; the checker overrules it, and the model is not asked past the slip.
    const wrong = ["99 * 4 = 396. [0.8]", "6 + 396 = 482. [0.77]", "Answer: 482 [0.9]"];
    expect(await scorer.scoreSteps(PROBLEM, wrong)).toEqual([0.8, 0, 0]);
    expect(model.accounting.stepsScored).toBe(1);
    expect(await scorer.scoreOutcome(PROBLEM, wrong)).toBe(0);
    expect(model.outcomeCalls).toBe(0);
    const right = ["99 * 4 = 396. [0.8]", "6 + 396 = 402. [0.33]", "Answer: 402 [0.4]"];
    expect(await scorer.scoreSteps(PROBLEM, right)).toEqual([0.8, 0.33, 0.4]);
    expect(await scorer.scoreOutcome(PROBLEM, right)).toBe(0.9);
    // Cost: the model's steps (1 + 3, and 3 for the right outcome) plus the checker's (3 for each of 4 calls).
    expect(scorer.accounting).toMatchObject({ modelCalls: 3, stepsScored: 7 + 12 });
    expect(await scorer.scoreSteps(PROBLEM, ["1 + 1 = 3."])).toEqual([0]);
  });
});
