import { describe, expect, it } from "vitest";
import { referenceWarning } from "../../../src-main/api/referenceAnswer.js";

describe("referenceWarning: a typed reference answer that only its exact text can match", () => {
  it("warns for words the answer checker cannot read as a number or expression, naming the value", () => {
    expect(referenceWarning("seven apples")).toBe(
      'The answer checker cannot read "seven apples" as a number or expression: only that exact text will be graded correct.',
    );
    expect(referenceWarning(" 12 or 13 ")).toMatch(/^The answer checker cannot read "12 or 13" .*\.$/);
  });

  it("says nothing for numbers, expressions or an empty field", () => {
    for (const ok of ["12", " 432 ", "3/4", "\\frac{1}{2}", "x = 2", "$12", "50%", "", "   "])
      expect(referenceWarning(ok), ok).toBeNull();
  });
});
