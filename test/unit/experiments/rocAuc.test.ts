import { describe, expect, it } from "vitest";
import { rocAuc } from "../../../src-main/core/experiments/rocAuc.js";

describe("ROC AUC", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 for ties", () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
  });

  it("counts the fraction of correctly ordered positive-negative pairs", () => {
    // positives 0.8, 0.4; negatives 0.6, 0.2 -> pairs won: (0.8>0.6), (0.8>0.2), (0.4>0.2) = 3 of 4
    expect(rocAuc([0.8, 0.4, 0.6, 0.2], [1, 1, 0, 0])).toBe(0.75);
    expect(rocAuc([0.3, 0.4], [1, 1])).toBeUndefined();
  });
});
