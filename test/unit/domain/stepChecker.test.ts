import { describe, expect, it } from "vitest";
import { findClaims, firstWrongClaim, firstWrongStep } from "../../../src-main/core/domain/stepChecker.js";

describe("arithmetic step checker", () => {
  it("finds every a op b = c claim in a step", () => {
    const claims = findClaims("Subtract 3 from both sides: 2x = 7 - 3 = 4.");
    expect(claims.map((c) => c.text)).toEqual(["7 - 3 = 4"]);
    expect(findClaims("99 * -4 = -396 and 10 / 4 = 2.5").map((c) => [c.a, c.op, c.b, c.claimed])).toEqual([
      [99, "*", -4, -396],
      [10, "/", 4, 2.5],
    ]);
  });

  it("ignores equations that state no arithmetic fact", () => {
    expect(findClaims("Subtract 2x from both sides: 5 - 2 = 3, so 3x + 3 = 18.").map((c) => c.text)).toEqual([
      "5 - 2 = 3",
    ]);
    expect(findClaims("The 100th term is 6 + (100 - 1) * 4.")).toEqual([]);
  });

  it("reports the first wrong claim, not a later one", () => {
    const wrong = firstWrongClaim("First 3 + 4 = 8, then 2 * 5 = 11.");
    expect(wrong?.text).toBe("3 + 4 = 8");
    expect(wrong?.actual).toBe(7);
    expect(firstWrongClaim("6 - 6 = 0 and 12 ÷ 4 = 3 and 3 × 4 = 12")).toBeUndefined();
  });

  it("reports the first wrong step of a solution", () => {
    const steps = ["The common difference is 10 - 6 = 4.", "100 - 1 = 99.", "99 * 4 = 386.", "6 + 386 = 392."];
    expect(firstWrongStep(steps)).toBe(2);
    expect(firstWrongStep(steps.slice(0, 2))).toBe(-1);
  });
});
