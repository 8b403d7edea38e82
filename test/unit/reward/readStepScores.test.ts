import { describe, expect, it } from "vitest";
import { readStepScores } from "../../../src-main/core/reward/readStepScores.js";

/** A [batch, seq, width] tensor whose value at (b, s, j) is f(b, s, j). */
function tensor(dims: number[], f: (b: number, s: number, j: number) => number): Float32Array {
  const [batch = 1, seq = 1, width = 1] = dims;
  const data = new Float32Array(batch * seq * width);
  for (let b = 0; b < batch; b++)
    for (let s = 0; s < seq; s++) for (let j = 0; j < width; j++) data[(b * seq + s) * width + j] = f(b, s, j);
  return data;
}

describe("readStepScores: the score of each step from a PRM's raw output", () => {
  it("token-score reads [batch, seq] and [batch, seq, 1] at the row's positions", () => {
    const flat = tensor([2, 5], (b, s) => b + s / 10);
    expect(readStepScores({ format: "token-score" }, flat, [2, 5], 1, [0, 3])).toEqual([1, 1.3].map(Math.fround));
    expect(readStepScores({ format: "token-score" }, flat, [2, 5, 1], 1, [4])).toEqual([Math.fround(1.4)]);
  });

  it("value-head applies the sigmoid only when asked", () => {
    const data = tensor([1, 3, 1], (_b, s) => s - 1);
    expect(readStepScores({ format: "value-head", sigmoid: false }, data, [1, 3, 1], 0, [0, 2])).toEqual([-1, 1]);
    const squashed = readStepScores({ format: "value-head", sigmoid: true }, data, [1, 3, 1], 0, [0, 1, 2]);
    [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1))].forEach((v, i) => expect(squashed[i]).toBeCloseTo(v, 6));
  });

  it("step-tag is P(+) of the softmax over just the + and - logits, other logits ignored", () => {
    // vocab of 6: + is id 4, - is id 2; the largest logit (id 5) must not matter.
    const data = tensor([2, 3, 6], (b, s, j) => (j === 4 ? s + b : j === 2 ? 1 : j === 5 ? 50 : 0));
    const got = readStepScores({ format: "step-tag", positiveId: 4, negativeId: 2 }, data, [2, 3, 6], 1, [0, 2]);
    const p = (plus: number, minus: number) => Math.exp(plus) / (Math.exp(plus) + Math.exp(minus));
    expect(got[0]).toBeCloseTo(p(1, 1), 6);
    expect(got[1]).toBeCloseTo(p(3, 1), 6);
  });

  it("step-tag stays finite for huge logits", () => {
    const data = tensor([1, 1, 2], (_b, _s, j) => (j === 0 ? 1000 : -1000));
    expect(readStepScores({ format: "step-tag", positiveId: 0, negativeId: 1 }, data, [1, 1, 2], 0, [0])).toEqual([1]);
  });

  it("separator-2class is the softmax probability of the chosen class", () => {
    const data = tensor([1, 2, 2], (_b, s, j) => (j === 1 ? 2 * s : 0.5));
    const one = readStepScores({ format: "separator-2class", classIndex: 1 }, data, [1, 2, 2], 0, [0, 1]);
    const zero = readStepScores({ format: "separator-2class", classIndex: 0 }, data, [1, 2, 2], 0, [1]);
    expect(one[0]).toBeCloseTo(Math.exp(0) / (Math.exp(0) + Math.exp(0.5)), 6);
    expect(one[1]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(0.5)), 6);
    expect((one[1] as number) + (zero[0] as number)).toBeCloseTo(1, 6);
  });

  it("says what is wrong when the output's shape does not fit the format", () => {
    const data = new Float32Array(12);
    expect(() => readStepScores({ format: "token-score" }, data, [1, 3, 4], 0, [0])).toThrow(
      "has shape [1, 3, 4], expected [batch, seq] or [batch, seq, 1]",
    );
    expect(() => readStepScores({ format: "step-tag", positiveId: 7, negativeId: 1 }, data, [1, 3, 4], 0, [0])).toThrow(
      "expected [batch, seq, vocab ≥ 8] logits",
    );
    expect(() => readStepScores({ format: "separator-2class", classIndex: 1 }, data, [1, 12], 0, [0])).toThrow(
      "expected [batch, seq, classes > 1]",
    );
    expect(() => readStepScores({ format: "token-score" }, data, [12], 0, [0])).toThrow("expected rank 2 or 3");
  });
});
