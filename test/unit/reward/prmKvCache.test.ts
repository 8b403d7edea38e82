import { describe, expect, it } from "vitest";
import { PrmKvCache, type KvRun, type KvTensorShape } from "../../../src-main/core/reward/PrmKvCache.js";

// Two past tensors of 2 heads × 3 wide and a state 2 wide: small enough to check every value of a state.
const SHAPES: KvTensorShape[] = [
  { heads: 2, headDim: 3 },
  { heads: 2, headDim: 3 },
];
const WIDTH = 2;

/**
 * What a model computes at (tensor j, head h, position t, i) for an input: it depends on the token there and on
 * every token before it (as a causal model's keys/values do), so a value reused for another input shows.
 */
function kvValue(tokens: readonly number[], j: number, h: number, t: number, i: number): number {
  let prefix = 0;
  for (let k = 0; k <= t; k++) prefix = (prefix * 31 + (tokens[k] as number)) % 100_003;
  return prefix + 0.1 * j + 0.01 * h + 0.001 * i;
}
const stateValue = (tokens: readonly number[], t: number, w: number) => kvValue(tokens, 9, 0, t, w);

/** The run of `tokens` [from, end) as a model would have returned it. */
function run(tokens: readonly number[], from: number): KvRun {
  const n = tokens.length - from;
  const tensors = SHAPES.map(({ heads, headDim }, j) => {
    const data = new Float32Array(heads * n * headDim);
    for (let h = 0; h < heads; h++)
      for (let t = 0; t < n; t++)
        for (let i = 0; i < headDim; i++) data[(h * n + t) * headDim + i] = kvValue(tokens, j, h, from + t, i);
    return data;
  });
  const states = new Float32Array(n * WIDTH);
  for (let t = 0; t < n; t++) for (let w = 0; w < WIDTH; w++) states[t * WIDTH + w] = stateValue(tokens, from + t, w);
  return { tensors, states };
}

/** Checks that a found state is exactly what a model would have computed for `tokens` [0, length). */
function expectState(cache: PrmKvCache, tokens: readonly number[], maxLength: number, length: number) {
  const state = cache.find("p", tokens, maxLength);
  expect(state?.length).toBe(length);
  state?.tensors.forEach((data, j) => {
    const { heads, headDim } = SHAPES[j] as KvTensorShape;
    expect(data).toHaveLength(heads * length * headDim);
    for (let h = 0; h < heads; h++)
      for (let t = 0; t < length; t++)
        for (let i = 0; i < headDim; i++)
          expect(data[(h * length + t) * headDim + i]).toBe(Math.fround(kvValue(tokens, j, h, t, i)));
  });
  expect(state?.state).toEqual(Float32Array.from([0, 1], (w) => stateValue(tokens, length - 1, w)));
}

/** Runs `tokens` as OnnxPrm does: from the cached prefix (at most maxLength), then keeps the run. */
function score(cache: PrmKvCache, tokens: readonly number[], maxLength = tokens.length - 1): number {
  const from = cache.find("p", tokens, maxLength)?.length ?? 0;
  cache.store("p", tokens, from, run(tokens, from));
  return tokens.length - from;
}

// A prompt (1, 2, 3), a step (10, 11, 12), and two children of it that share their first token (a "Step 2:").
const PARENT = [1, 2, 3, 10, 11, 12];
const CHILD_A = [...PARENT, 20, 21, 22];
const CHILD_B = [...PARENT, 20, 31];

describe("PrmKvCache: a PRM's past keys/values per input prefix", () => {
  it("runs a child from its parent's state, and a sibling from the tokens it shares with the first child", () => {
    const cache = new PrmKvCache({ shapes: SHAPES });
    expect(score(cache, PARENT)).toBe(6);
    expect(score(cache, CHILD_A)).toBe(3);
    expectState(cache, CHILD_A, 8, 8);
    // CHILD_B shares 20 with CHILD_A: the node is split there, and only 31 runs.
    expect(score(cache, CHILD_B)).toBe(1);
    expectState(cache, CHILD_B, 7, 7);
    expectState(cache, CHILD_A, 8, 8);
    expectState(cache, CHILD_A, 5, 5); // stopping halfway through a node: the state after its 2nd token
  });

  it("never gives more than maxLength tokens, nor tokens another input has there", () => {
    const cache = new PrmKvCache({ shapes: SHAPES });
    score(cache, CHILD_A);
    expectState(cache, CHILD_A, 2, 2);
    expectState(cache, [1, 2, 3, 10, 99, 12], 6, 4);
    expect(cache.find("p", [7, 2, 3], 3)).toBeUndefined();
    expect(cache.find("q", CHILD_A, 9)).toBeUndefined();
    expect(cache.find("p", CHILD_A, 0)).toBeUndefined();
  });

  it("keeps tokens once: storing what is held already adds nothing", () => {
    const cache = new PrmKvCache({ shapes: SHAPES });
    score(cache, CHILD_A);
    const { bytes, size } = cache;
    cache.store("p", PARENT, 0, run(PARENT, 0));
    expect(cache.bytes).toBe(bytes);
    expect(cache.size).toBe(size);
    // A row whose cached prefix was dropped meanwhile (from 9 but only 6 held) is not kept: it would hang loose.
    const other = new PrmKvCache({ shapes: SHAPES });
    other.store("p", CHILD_A, 6, run(CHILD_A, 6));
    expect(other.size).toBe(0);
  });

  it("holds at most maxBytes, evicting least recently used leaves first, never an ancestor of a kept node", () => {
    const perToken = 2 * (2 * 3 * 4) + WIDTH * 4 + 8;
    const cache = new PrmKvCache({ shapes: SHAPES, maxBytes: 9 * perToken });
    score(cache, CHILD_A); // 9 tokens: full
    expect(cache.bytes).toBe(9 * perToken);
    // CHILD_B splits CHILD_A's step and adds one token: the oldest leaf (CHILD_A's 21, 22) goes, not the shared part.
    expect(score(cache, CHILD_B)).toBe(1);
    expect(cache.bytes).toBeLessThanOrEqual(9 * perToken);
    expectState(cache, CHILD_B, 8, 8);
    expectState(cache, CHILD_A, 8, 7);
    // Another problem's input makes room by dropping this one's least recently used leaves.
    cache.store("q", [5, 6, 7], 0, run([5, 6, 7], 0));
    expect(cache.find("q", [5, 6, 7], 3)?.length).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(9 * perToken);
  });

  it("keeps nothing with maxBytes 0, forgets everything on clear, and refuses a negative bound", () => {
    const off = new PrmKvCache({ shapes: SHAPES, maxBytes: 0 });
    expect(score(off, PARENT)).toBe(6);
    expect(off.size).toBe(0);
    const cache = new PrmKvCache({ shapes: SHAPES });
    score(cache, CHILD_A);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.find("p", CHILD_A, 9)).toBeUndefined();
    expect(() => new PrmKvCache({ shapes: SHAPES, maxBytes: -1 })).toThrow("maxBytes must be a number ≥ 0, got -1");
  });
});
