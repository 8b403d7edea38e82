import { describe, expect, it } from "vitest";
import { PrmKvCache, type KvSegment, type KvTensorShape } from "../../../src-main/core/reward/PrmKvCache.js";

// Two past tensors of 2 heads × 3 wide: small enough to check every value of an assembled state.
const SHAPES: KvTensorShape[] = [
  { heads: 2, headDim: 3 },
  { heads: 2, headDim: 3 },
];

/** The value a tensor holds for (tensor j, head h, absolute token position t, i): unique, so a misplaced copy shows. */
const value = (j: number, h: number, t: number, i: number) => 1000 * j + 100 * h + 10 * t + i;

/** The segment of tokens [start, end) as a model would have written it: [heads, end - start, headDim] per tensor. */
function segment(start: number, end: number, stateValue = end): KvSegment {
  const tensors = SHAPES.map(({ heads, headDim }, j) => {
    const data = new Float32Array(heads * (end - start) * headDim);
    for (let h = 0; h < heads; h++)
      for (let t = start; t < end; t++)
        for (let i = 0; i < headDim; i++) data[(h * (end - start) + (t - start)) * headDim + i] = value(j, h, t, i);
    return data;
  });
  return { start, end, tensors, state: Float32Array.of(stateValue) };
}

// A prompt of 3 tokens, then steps "a" (2 tokens), "b" (2), "c" (1).
const TOKENS = [1, 2, 3, 10, 11, 20, 21, 30];
const STEPS = ["a", "b", "c"];
const ENDS = [3, 5, 7, 8];

/** Stores the prompt and the first `depth` steps of STEPS. */
function fill(cache: PrmKvCache, depth: number, problem = "p") {
  for (let d = 0; d <= depth; d++)
    expect(cache.store(problem, STEPS.slice(0, d), TOKENS, segment(d === 0 ? 0 : ENDS[d - 1]!, ENDS[d]!))).toBe(true);
}

describe("PrmKvCache: a PRM's past keys/values per path prefix", () => {
  it("finds the deepest cached prefix within maxDepth and puts its segments end to end", () => {
    const cache = new PrmKvCache();
    fill(cache, 2);
    const state = cache.find("p", STEPS, TOKENS, 3, SHAPES);
    expect(state).toMatchObject({ depth: 2, length: 7, state: Float32Array.of(7) });
    // Every value of the assembled [heads, length, headDim] tensors sits where the model would have put it.
    state?.tensors.forEach((data, j) => {
      for (let h = 0; h < 2; h++)
        for (let t = 0; t < 7; t++)
          for (let i = 0; i < 3; i++) expect(data[(h * 7 + t) * 3 + i]).toBe(value(j, h, t, i));
    });
    expect(cache.find("p", STEPS, TOKENS, 1, SHAPES)).toMatchObject({ depth: 1, length: 5 });
    expect(cache.find("p", STEPS, TOKENS, 0, SHAPES)).toMatchObject({ depth: 0, length: 3 });
  });

  it("gives nothing for another problem, and stops at the first step that differs", () => {
    const cache = new PrmKvCache();
    fill(cache, 2);
    expect(cache.find("q", STEPS, TOKENS, 3, SHAPES)).toBeUndefined();
    expect(cache.find("p", ["a", "x", "c"], TOKENS, 3, SHAPES)).toMatchObject({ depth: 1, length: 5 });
  });

  it("uses a state only for an input whose tokens start with the tokens it was computed on", () => {
    const cache = new PrmKvCache();
    fill(cache, 2);
    // Same step texts, but the second step's tokens differ (a tokenizer merging across a boundary): depth 1 only.
    const merged = [1, 2, 3, 10, 11, 20, 99, 30];
    expect(cache.find("p", STEPS, merged, 3, SHAPES)).toMatchObject({ depth: 1, length: 5 });
    // A prompt that differs leaves nothing usable.
    expect(cache.find("p", STEPS, [1, 2, 4, 10, 11], 3, SHAPES)).toBeUndefined();
    // An input shorter than the cached prefix (cut at the model's maximum) cannot use it either.
    expect(cache.find("p", STEPS, TOKENS.slice(0, 6), 3, SHAPES)).toMatchObject({ depth: 1, length: 5 });
  });

  it("keeps a segment only on top of its parent, ending where the parent ends", () => {
    const cache = new PrmKvCache();
    expect(cache.store("p", ["a"], TOKENS, segment(3, 5))).toBe(false); // no prompt yet
    expect(cache.store("p", [], TOKENS, segment(1, 3))).toBe(false); // a prompt starts at 0
    fill(cache, 0);
    expect(cache.store("p", ["a"], TOKENS, segment(4, 5))).toBe(false); // a gap after the prompt
    expect(cache.store("p", ["a"], TOKENS, segment(3, 5))).toBe(true);
    expect(cache.store("p", ["a"], TOKENS, segment(3, 5, 42))).toBe(false); // held already: the first one stays
    expect(cache.find("p", ["a"], TOKENS, 1, SHAPES)?.state).toEqual(Float32Array.of(5));
    expect(cache.size).toBe(2);
  });

  it("holds at most maxBytes, evicting least recently used leaves first, never an ancestor of a kept node", () => {
    const bytesOf = (s: KvSegment) => s.tensors.reduce((n, t) => n + t.byteLength, 0) + s.state.byteLength;
    // Prompt (3 tokens) + a (2) + b (2): room for exactly these and nothing more.
    const room = bytesOf(segment(0, 3)) + bytesOf(segment(3, 5)) + bytesOf(segment(5, 7)) + 8 * 7;
    const cache = new PrmKvCache({ maxBytes: room });
    fill(cache, 2);
    expect(cache.bytes).toBe(room);
    // A sibling of "b" under "a": "b" was used longer ago than "a" and the prompt (a lookup touches a path from
    // its deepest node up), so "b" goes, and "a" and the prompt stay for the sibling.
    const sibling = [1, 2, 3, 10, 11, 40, 41];
    expect(cache.store("p", ["a", "x"], sibling, segment(5, 7))).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(room);
    expect(cache.find("p", STEPS, TOKENS, 3, SHAPES)).toMatchObject({ depth: 1 });
    expect(cache.find("p", ["a", "x"], sibling, 2, SHAPES)).toMatchObject({ depth: 2, length: 7 });
  });

  it("drops another problem's tree before the current path", () => {
    const one = segment(0, 3);
    const per = one.tensors.reduce((n, t) => n + t.byteLength, 0) + one.state.byteLength + 8 * 3;
    const cache = new PrmKvCache({ maxBytes: 2 * per });
    fill(cache, 0, "old");
    fill(cache, 0, "mid");
    cache.find("old", [], TOKENS, 0, SHAPES); // "old" used last: "mid" is the one to go
    fill(cache, 0, "new");
    expect(cache.find("mid", [], TOKENS, 0, SHAPES)).toBeUndefined();
    expect(cache.find("old", [], TOKENS, 0, SHAPES)).toBeDefined();
    expect(cache.find("new", [], TOKENS, 0, SHAPES)).toBeDefined();
  });

  it("keeps nothing with maxBytes 0, forgets everything on clear, and refuses a negative bound", () => {
    const off = new PrmKvCache({ maxBytes: 0 });
    expect(off.store("p", [], TOKENS, segment(0, 3))).toBe(false);
    expect(off.size).toBe(0);
    const cache = new PrmKvCache();
    fill(cache, 3);
    expect(cache.size).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.find("p", STEPS, TOKENS, 3, SHAPES)).toBeUndefined();
    expect(() => new PrmKvCache({ maxBytes: -1 })).toThrow("maxBytes must be a number ≥ 0, got -1");
  });
});
