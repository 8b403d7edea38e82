import { describe, expect, it } from "vitest";
import { corruptSolution } from "../../../src-main/core/domain/corruptSolution.js";
import { labelSteps } from "../../../src-main/core/domain/labelSteps.js";
import { createRng } from "../../../src-main/core/domain/random.js";
import { firstWrongStep } from "../../../src-main/core/domain/stepChecker.js";

const steps = ["The common difference is 10 - 6 = 4.", "99 * 4 = 396.", "6 + 396 = 402.", "Answer: 402"];

describe("PRM step labels", () => {
  it("are all correct for a correct solution", () => {
    expect(labelSteps(steps, "402", "402")).toEqual([1, 1, 1, 1]);
  });

  it("are correct until the first wrong step and wrong from there on", () => {
    const wrong = ["The common difference is 10 - 6 = 4.", "99 * 4 = 386.", "6 + 386 = 392.", "Answer: 392"];
    expect(labelSteps(wrong, "392", "402")).toEqual([1, 0, 0, 0]);
  });

  it("mark only the answer wrong when the arithmetic holds but the answer does not", () => {
    const wrongSetup = ["The common difference is 10 - 6 = 4.", "98 * 4 = 392.", "6 + 392 = 398.", "Answer: 398"];
    expect(labelSteps(wrongSetup, "398", "402")).toEqual([null, null, null, 0]);
    expect(labelSteps(wrongSetup.slice(0, 3), undefined, "402")).toEqual([null, null, null]);
  });
});

describe("solution corruption", () => {
  it("makes exactly one claim wrong and says which step", () => {
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      const c = corruptSolution(steps, rng);
      expect(c).toBeDefined();
      expect(firstWrongStep(c?.steps ?? [])).toBe(c?.corruptedStep);
      expect(c?.steps.filter((s, j) => s !== steps[j]).length).toBe(1);
    }
    expect(corruptSolution(["Answer: 3"], rng)).toBeUndefined();
  });
});
