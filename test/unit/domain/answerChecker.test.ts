import { describe, expect, it } from "vitest";
import { answersMatch, parseAnswer } from "../../../src-main/core/domain/answerChecker.js";

describe("answer checker", () => {
  it.each(["402", "402.0", " 402 ", "4.02e2", "402.", "x = 402", "\\boxed{402}", "$402", "402 pages", "+402"])(
    "reads %j as 402",
    (text) => {
      expect(answersMatch(text, "402")).toBe(true);
    },
  );

  it.each(["401", "40.2", "4020", "", "x", "two", "402 or 403", "4.02e3"])("does not accept %j for 402", (text) => {
    expect(answersMatch(text, "402")).toBe(false);
  });

  it("handles variables, negatives, fractions and thousands separators", () => {
    expect(answersMatch("x = 2", "2")).toBe(true);
    expect(answersMatch("x=-7", "-7")).toBe(true);
    expect(answersMatch("-7", "7")).toBe(false);
    expect(answersMatch("1/2", "0.5")).toBe(true);
    expect(answersMatch("1,200", "1200")).toBe(true);
    expect(parseAnswer("3/0")).toBeUndefined();
  });
});
