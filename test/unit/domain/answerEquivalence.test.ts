import { describe, expect, it } from "vitest";
import { answersMatch, isReadableAnswer, parseAnswer } from "../../../src-main/core/domain/answerChecker.js";
import { normalizeAnswer } from "../../../src-main/core/domain/normalizeAnswer.js";

// (reference, answer, verdict). Each row is checked in both directions: the checker is symmetric.
const CASES: [reference: string, answer: string, match: boolean][] = [
  // Percent: both MATH and PRM800K drop the sign, so 50% is 50, not 0.5.
  ["50", "50%", true],
  ["50%", "50%", true],
  ["50\\%", "50", true],
  ["12%", "12", true],
  ["50%", "5", false],
  ["50%", "0.5", false],
  // Fractions in LaTeX, whatever the command or nesting.
  ["\\boxed{\\frac{1}{2}}", "0.5", true],
  ["\\boxed{\\frac{1}{2}}", "1/2", true],
  ["\\boxed{\\dfrac{1}{2}}", "0.5", true],
  ["\\boxed{\\tfrac{1}{2}}", "1/2", true],
  ["\\tfrac12", "0.5", true],
  ["\\frac12", "\\frac{1}{2}", true],
  ["\\boxed{\\frac{\\sqrt{2}}{2}}", "\\frac{1}{\\sqrt{2}}", true],
  ["\\boxed{\\frac{1}{\\sqrt{\\frac{1}{2}}}}", "\\sqrt{2}", true],
  ["\\left(\\frac{3}{4}\\right)", "0.75", true],
  ["1/2", "2", false],
  ["\\frac{1}{2}", "\\frac{2}{1}", false],
  ["\\frac{1}{3}", "0.333", false],
  // The last \boxed{} is the answer, as graders take it.
  ["2", "\\boxed{1}, so finally \\boxed{2}", true],
  ["1", "\\boxed{1}, so finally \\boxed{2}", false],
  // Minus signs, dollars.
  ["-3", "−3", true],
  ["-5", "-$5", true],
  ["-5", "$-5$", true],
  ["5", "\\$5", true],
  ["5", "$5", true],
  ["1000", "\\$1,000.00", true],
  ["3", "−3", false],
  ["-7", "7", false],
  // Thousands separators, spaces, trailing zeros and full stops.
  ["1200", "1,200", true],
  ["1200", "1{,}200", true],
  ["12000", "12\\,000", true],
  ["12345678", "12,345,678", true],
  ["402", "402.", true],
  ["402", "402.0", true],
  ["0.5", "0.50", true],
  ["0.5", ".5", true],
  ["402", "4.02e2", true],
  ["402", "4.02e3", false],
  ["402", "4020", false],
  // Units, degrees, text, variables.
  ["402", "402 pages", true],
  ["12", "12 dollars", true],
  ["5", "5\\text{ cm}", true],
  ["10", "10 \\mbox{ inches}^2", true],
  ["90", "90^\\circ", true],
  ["90", "90^{\\circ}", true],
  ["90", "90°", true],
  ["402", "x = 402", true],
  ["-7", "x=-7", true],
  ["2", "k = 2", true],
  ["402", "402 or 403", false],
  ["2", "two", false],
  ["\\text{Monday}", "monday", true],
  ["\\text{(A)}", "(A)", true],
  // Symbolic and numeric equality beyond the text (the Compute Engine).
  ["2\\sqrt{2}", "\\sqrt{8}", true],
  ["x+1", "1+x", true],
  ["x^2-1", "(x-1)(x+1)", true],
  ["x", "y", false],
  ["3x", "3 x", true],
  ["2\\pi", "\\pi+\\pi", true],
  ["\\pi", "3.14159", false],
  ["(1,2)", "(1, 2)", true],
  ["(1,2)", "(2,1)", false],
  ["7 3/4", "\\frac{31}{4}", true],
  ["7\\frac{3}{4}", "7.75", true],
  ["\\infty", "\\infty", true],
  ["2i", "i+i", true],
  // Nothing matches an empty answer.
  ["402", "", false],
  ["402", "\\boxed{}", false],
];

describe("answer equivalence on real-world formats (MATH / PRM800K normalisations)", () => {
  it.each(CASES)("reference %j, answer %j: %s", (reference, answer, match) => {
    expect(answersMatch(answer, reference)).toBe(match);
    expect(answersMatch(reference, answer)).toBe(match);
  });
});

describe("normalizeAnswer", () => {
  it.each([
    ["\\boxed{\\dfrac{1}{2}}", "\\frac{1}{2}"],
    ["$-\\$5$", "-5"],
    ["\\left( 3 \\right)", "( 3 )"],
    ["1{,}234{,}567", "1234567"],
    ["(1, 200)", "(1, 200)"],
    ["x = 5\\text{ cm}^2.", "5"],
    ["5 square feet", "5"],
    ["3 x", "3 x"],
    ["\\text{Monday}", "Monday"],
    ["−3\\!", "-3"],
  ])("%j → %j", (text, normalized) => {
    expect(normalizeAnswer(text)).toBe(normalized);
  });
});

describe("what the checker can read", () => {
  it.each(["402", "12%", "-$5", "\\frac{1}{2}", "\\boxed{\\sqrt{2}}", "x+1", "(1,2)", "7 3/4"])(
    "reads %j as mathematics",
    (text) => {
      expect(isReadableAnswer(text)).toBe(true);
    },
  );

  it.each(["twelve", "402 or 403", "\\frac{1}{", "\\frac{1}{0}", "", "100000!"])(
    "cannot read %j (only the same text matches it)",
    (text) => {
      expect(isReadableAnswer(text)).toBe(false);
    },
  );

  it("gives the value of one real number", () => {
    expect(parseAnswer("\\boxed{\\dfrac{1}{2}}")).toBe(0.5);
    expect(parseAnswer("−3")).toBe(-3);
    expect(parseAnswer("50%")).toBe(50);
    expect(parseAnswer("7 3/4")).toBe(7.75);
    expect(parseAnswer("x + 1")).toBeUndefined();
    expect(parseAnswer("3/0")).toBeUndefined();
  });
});
