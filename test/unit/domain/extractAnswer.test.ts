import { describe, expect, it } from "vitest";
import { extractAnswer } from "../../../src-main/core/domain/extractAnswer.js";
import { lastBoxed } from "../../../src-main/core/domain/lastBoxed.js";
import { splitSteps } from "../../../src-main/core/policy/splitSteps.js";
import { AnswerCheckerScorer } from "../../../src-main/core/reward/AnswerCheckerScorer.js";

// The inferred chat profile's pattern (inferProfile) and the embedded models' answer line.
const BOXED = /(\\boxed\{[\s\S]*\})/m;
const ANSWER_LINE = /^Answer: (.+)$/m;

describe("lastBoxed", () => {
  it.each([
    ["so \\boxed{1} and then \\boxed{2}.", "2"],
    ["\\boxed{\\frac{1}{\\sqrt{\\frac{1}{2}}}} done", "\\frac{1}{\\sqrt{\\frac{1}{2}}}"],
    ["\\fbox{7}", "7"],
    ["the answer is \\boxed 5.", "5."],
    ["\\boxed{\\{1, 2\\}}", "\\{1, 2\\}"],
  ])("%j → %j", (text, inside) => {
    expect(lastBoxed(text)).toBe(inside);
  });

  it("is undefined without a box or with braces that never close", () => {
    expect(lastBoxed("402")).toBeUndefined();
    expect(lastBoxed("\\boxed{\\frac{1}{2}")).toBeUndefined();
  });
});

describe("where answers are read from model output, the last one counts", () => {
  it("extractAnswer takes the pattern's last match, and the last box at any depth", () => {
    expect(extractAnswer("\\boxed{1}, no wait: \\boxed{\\frac{1}{\\sqrt{\\frac{1}{2}}}}", BOXED)).toBe(
      "\\frac{1}{\\sqrt{\\frac{1}{2}}}",
    );
    expect(extractAnswer("Answer: 3\nAnswer: 4", ANSWER_LINE)).toBe("4");
    // A lazy pattern of a hand-written profile: its last match, then the box inside it.
    expect(extractAnswer("\\boxed{1} then \\boxed{2}", /\\boxed\{(.+?)\}/)).toBe("2");
    expect(extractAnswer("Answer: \\boxed{12}", ANSWER_LINE)).toBe("12");
    expect(extractAnswer("no answer here", BOXED)).toBeUndefined();
  });

  it("splitSteps (every policy's answer): the answer step ends the solution; its last box is the answer", () => {
    const text = "First \\boxed{3} is wrong.\n\nSo \\boxed{1} or rather \\boxed{2}.\n\nAfter the answer.";
    expect(splitSteps(text, "\n\n", BOXED)).toEqual({
      steps: ["First \\boxed{3} is wrong."],
      answer: "3",
    });
    expect(splitSteps("Step 1: 1 + 1 = 2\nAnswer: 2", "\n", ANSWER_LINE)).toEqual({
      steps: ["Step 1: 1 + 1 = 2", "Answer: 2"],
      answer: "2",
    });
    expect(splitSteps("So \\boxed{1} or rather \\boxed{2}.", "\n\n", BOXED).answer).toBe("2");
  });

  it("the answer-checker scorer grades the last answer stated", async () => {
    const scorer = new AnswerCheckerScorer({ reference: "2", answerPattern: BOXED.source });
    expect(await scorer.scoreOutcome("q", ["\\boxed{1}", "no, \\boxed{\\dfrac{4}{2}}"])).toBe(1);
    expect(await scorer.scoreOutcome("q", ["\\boxed{2}", "no, \\boxed{1}"])).toBe(0);
  });
});
