import { describe, expect, it } from "vitest";
import { checkAnswers } from "../../../src-main/app/checkAnswers.js";

describe("checking a compare's answers", () => {
  it("agrees when every answer is equivalent to the first, by the answer checker", () => {
    expect(checkAnswers(["4", "4.0", "x = 4"], null)).toEqual({ agree: true, correct: null });
    expect(checkAnswers(["4", "5"], null).agree).toBe(false);
  });
  it("does not agree when a column has no answer", () => {
    expect(checkAnswers(["4", null], null).agree).toBe(false);
    expect(checkAnswers([null, null], null).agree).toBe(false);
  });
  it("marks each answer right or wrong against a reference, null where there is none", () => {
    expect(checkAnswers(["402", "480", null], "402").correct).toEqual([true, false, null]);
  });
});
