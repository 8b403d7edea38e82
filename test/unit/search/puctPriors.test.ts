import { describe, expect, it } from "vitest";
import { puctPriors } from "../../../src-main/core/search/puctPriors.js";
import { selectPuct } from "../../../src-main/core/search/selectPuct.js";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";

const kids = (...spec: [logProb: number, count?: number][]) =>
  spec.map(([logProb, count]) => ({ logProb, count: count ?? 1 }));
const e = Math.exp;

/** A root with one child per log-probability; a count above 1 is merged samples (addSample). */
function tree(...spec: [logProb: number, count?: number][]): ThoughtTree {
  const t = new ThoughtTree();
  for (const [logProb, count] of spec) {
    const { id } = t.addNode(0, { stepText: `lp ${logProb}`, tokenCount: 2, logProb, terminal: false, answer: null });
    for (let i = 1; i < (count ?? 1); i++) t.addSample(id);
  }
  return t;
}

describe("PUCT priors from the policy's log-probabilities", () => {
  it("are exp(summed log-prob) normalised over the siblings", () => {
    const priors = puctPriors(kids([-1], [-2], [-3]));
    const z = e(-1) + e(-2) + e(-3);
    expect(priors[0]).toBeCloseTo(e(-1) / z, 12);
    expect(priors[1]).toBeCloseTo(e(-2) / z, 12);
    expect(priors[2]).toBeCloseTo(e(-3) / z, 12);
    expect(priors.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("count merged samples: a node for two identical samples has the prior mass of both", () => {
    expect(puctPriors(kids([-1, 2], [-1]))).toEqual([2 / 3, 1 / 3]);
    // Merging leaves every prior what it was without merging.
    const apart = puctPriors(kids([-1], [-1], [-2]));
    const merged = puctPriors(kids([-1, 2], [-2]));
    expect(merged[0]).toBeCloseTo(apart[0]! + apart[1]!, 12);
    expect(merged[1]).toBeCloseTo(apart[2]!, 12);
  });

  it("compare steps whose log-probabilities are far below exp()'s range", () => {
    const [a, b] = puctPriors(kids([-1001], [-1000]));
    expect(a).toBeCloseTo(1 / (1 + Math.E), 12);
    expect(b).toBeCloseTo(Math.E / (1 + Math.E), 12);
  });

  it("are not made flat by one non-finite log-probability: that child alone gets no prior", () => {
    const priors = puctPriors(kids([-1], [NaN], [-2], [Infinity]));
    expect(priors[0]).toBeCloseTo(e(-1) / (e(-1) + e(-2)), 12);
    expect(priors[1]).toBe(0);
    expect(priors[2]).toBeCloseTo(e(-2) / (e(-1) + e(-2)), 12);
    expect(priors[3]).toBe(0);
    // Flat only when no child has a finite log-probability, and then by count.
    expect(puctPriors(kids([NaN, 3], [-Infinity]))).toEqual([0.75, 0.25]);
  });

  it("decide PUCT's first choice: the highest prior, counting merged samples, with a NaN sibling present", () => {
    expect(selectPuct(tree([-5], [NaN], [-0.5]), 0, 1)).toBe(3);
    // A step sampled three times (3·e^-1 ≈ 1.10) outweighs a likelier one sampled once (e^-0.5 ≈ 0.61).
    expect(selectPuct(tree([-0.5], [-1, 3]), 0, 1)).toBe(2);
    expect(selectPuct(tree([-0.5], [-1, 1]), 0, 1)).toBe(1);
  });
});
