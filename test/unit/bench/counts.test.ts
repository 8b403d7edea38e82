import { describe, expect, it } from "vitest";
import { countDistinctTokens } from "../../../bench/countDistinctTokens.js";
import { countTreeTokens } from "../../../bench/countTreeTokens.js";
import { checkGoal, ratio } from "../../../bench/Goal.js";

describe("countTreeTokens", () => {
  it("counts the prompt once and each node's own tokens once", () => {
    // root (prompt of 10) → a (+4) → c (+3); root → b (+5)
    const lengths = new Map([
      [0, 10],
      [1, 14],
      [2, 15],
      [3, 17],
    ]);
    const nodes = [
      { id: 0, parent: null },
      { id: 1, parent: 0 },
      { id: 2, parent: 0 },
      { id: 3, parent: 1 },
    ];
    expect(countTreeTokens(nodes, (id) => lengths.get(id) ?? NaN)).toBe(10 + 4 + 5 + 3);
  });

  it("counts identical siblings twice: both were generated", () => {
    const nodes = [
      { id: 0, parent: null },
      { id: 1, parent: 0 },
      { id: 2, parent: 0 },
    ];
    expect(countTreeTokens(nodes, (id) => (id === 0 ? 6 : 9))).toBe(6 + 3 + 3);
  });

  it("counts a node's tokens once per sample merged into it (ThoughtNode.count)", () => {
    const nodes = [
      { id: 0, parent: null, count: 1 },
      { id: 1, parent: 0, count: 2 },
    ];
    expect(countTreeTokens(nodes, (id) => (id === 0 ? 6 : 9))).toBe(6 + 3 + 3);
  });
});

describe("countDistinctTokens", () => {
  it("counts shared prefixes once", () => {
    expect(
      countDistinctTokens([
        [1, 2, 3],
        [1, 2, 4],
      ]),
    ).toBe(4);
  });

  it("adds nothing for a repeated row or a prefix of one seen", () => {
    expect(countDistinctTokens([[1, 2, 3], [1, 2, 3], [1, 2], []])).toBe(3);
  });

  it("counts rows that differ from the first token as wholly new", () => {
    expect(
      countDistinctTokens([
        [1, 2],
        [2, 1],
      ]),
    ).toBe(4);
  });
});

describe("checkGoal and ratio", () => {
  it("meets an at-least goal only at or above the target", () => {
    expect(checkGoal(0.97, { op: ">=", target: 0.97 }).met).toBe(true);
    expect(checkGoal(0.96, { op: ">=", target: 0.97 }).met).toBe(false);
  });

  it("meets an at-most goal only at or below the target", () => {
    expect(checkGoal(1.05, { op: "<=", target: 1.05 }).met).toBe(true);
    expect(checkGoal(1.2, { op: "<=", target: 1.05 }).met).toBe(false);
  });

  it("reports a figure that could not be measured as neither met nor missed", () => {
    expect(checkGoal(null, { op: ">=", target: 3 })).toEqual({ value: null, goal: { op: ">=", target: 3 }, met: null });
    expect(checkGoal(NaN, { op: ">=", target: 3 }).met).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 2)).toBe(1.5);
  });
});
