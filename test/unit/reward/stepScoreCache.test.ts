import { describe, expect, it } from "vitest";
import { StepScoreCache } from "../../../src-main/core/reward/StepScoreCache.js";

describe("StepScoreCache: step scores keyed by problem and prefix", () => {
  it("returns the longest run of cached steps from the first", () => {
    const cache = new StepScoreCache();
    cache.store("p", ["a", "b", "c"], [0.1, 0.2, 0.3]);
    expect(cache.prefix("p", ["a", "b", "c", "d"])).toEqual([0.1, 0.2, 0.3]);
    expect(cache.prefix("p", ["a", "x", "c"])).toEqual([0.1]);
    expect(cache.prefix("p", ["b"])).toEqual([]);
    expect(cache.prefix("q", ["a"])).toEqual([]);
    expect(cache.size).toBe(3);
  });

  it("keeps sibling paths apart and counts shared prefixes once", () => {
    const cache = new StepScoreCache();
    cache.store("p", ["a", "b"], [0.1, 0.2]);
    cache.store("p", ["a", "c"], [0.1, 0.7]);
    expect(cache.prefix("p", ["a", "b"])).toEqual([0.1, 0.2]);
    expect(cache.prefix("p", ["a", "c"])).toEqual([0.1, 0.7]);
    expect(cache.size).toBe(3);
  });

  it("stores outcome-only scores without claiming the steps before them", () => {
    const cache = new StepScoreCache();
    cache.store("p", ["a", "b", "c"], [undefined, undefined, 0.9]);
    expect(cache.get("p", ["a", "b", "c"])).toBe(0.9);
    expect(cache.get("p", ["a", "b"])).toBeUndefined();
    expect(cache.prefix("p", ["a", "b", "c"])).toEqual([]);
    expect(cache.size).toBe(1);
  });

  it("drops least recently used problems whole when full, never the one being stored", () => {
    const cache = new StepScoreCache({ maxSteps: 4 });
    cache.store("old", ["a", "b"], [1, 1]);
    cache.store("used", ["a", "b"], [2, 2]);
    cache.prefix("old", ["a"]); // touching "old" makes "used" the least recently used
    cache.store("new", ["a", "b"], [3, 3]);
    expect(cache.prefix("used", ["a", "b"])).toEqual([]);
    expect(cache.prefix("old", ["a", "b"])).toEqual([1, 1]);
    expect(cache.prefix("new", ["a", "b"])).toEqual([3, 3]);
    expect(cache.size).toBe(4);
    cache.store("huge", ["a", "b", "c", "d", "e"], [1, 2, 3, 4, 5]);
    expect(cache.prefix("huge", ["a", "b", "c", "d", "e"])).toHaveLength(5);
  });

  it("stores nothing when turned off", () => {
    const cache = new StepScoreCache({ maxSteps: 0 });
    cache.store("p", ["a"], [0.5]);
    expect(cache.prefix("p", ["a"])).toEqual([]);
    expect(cache.size).toBe(0);
  });
});
