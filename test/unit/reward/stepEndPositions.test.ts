import { describe, expect, it } from "vitest";
import { stepEndPositions } from "../../../src-main/core/reward/stepEndPositions.js";

// A character tokenizer with one multi-character token, "<T>", and BOS = -1: positions are easy to count by hand.
const tokenize = (text: string) => [
  -1,
  ...text
    .split(/(<T>)|/)
    .filter((t) => t)
    .map((t) => (t === "<T>" ? 0 : t.charCodeAt(0))),
];

describe("stepEndPositions: where each step's score is read", () => {
  it("without a marker, at the last token of the step including its delimiter", () => {
    const { tokens, positions } = stepEndPositions("P:", ["ab", "c"], "\n", tokenize);
    // BOS P : a b \n c \n
    expect(tokens).toHaveLength(8);
    expect(positions).toEqual([5, 7]);
    expect(positions.map((p) => tokens[p])).toEqual([10, 10]);
  });

  it("with a marker, at the marker, the delimiter following it", () => {
    const { tokens, positions } = stepEndPositions("P:", ["ab", "c"], "\n", tokenize, "<T>");
    // BOS P : a b <T> \n c <T> \n
    expect(tokens).toHaveLength(10);
    expect(positions).toEqual([5, 8]);
    expect(positions.map((p) => tokens[p])).toEqual([0, 0]);
  });

  it("with a marker and no delimiter (separator style)", () => {
    const { tokens, positions } = stepEndPositions("", ["a", "b"], "", tokenize, "<T>");
    expect(tokens).toEqual([-1, 97, 0, 98, 0]);
    expect(positions).toEqual([2, 4]);
  });

  it("finds the same positions piece by piece, tokenizing each piece once", () => {
    let calls = 0;
    const counted = (text: string) => (calls++, tokenize(text));
    const plain = (text: string) => tokenize(text).slice(1);
    const steps = ["ab", "c", "de", "f"];
    const slow = stepEndPositions("P:", steps, "\n", counted, "<T>");
    const slowCalls = calls;
    calls = 0;
    expect(stepEndPositions("P:", steps, "\n", counted, "<T>", plain)).toEqual(slow);
    expect(calls).toBe(1);
    expect(slowCalls).toBe(steps.length + 1);
  });

  it("falls back to whole prefixes when a token spans two pieces", () => {
    // "\nc" is one token here (id 1): piece-by-piece ids no longer concatenate to the whole text's ids.
    const merging = (text: string) => tokenize(text.replaceAll("\nc", "\u0001"));
    const plain = (text: string) => merging(text).slice(1);
    const slow = stepEndPositions("P:", ["ab", "c"], "\n", merging);
    expect(stepEndPositions("P:", ["ab", "c"], "\n", merging, "", plain)).toEqual(slow);
    // BOS P : a b \nc \n: the first step is read at the token holding its delimiter.
    expect(slow).toEqual({ tokens: [-1, 80, 58, 97, 98, 1, 10], positions: [5, 6] });
  });
});
