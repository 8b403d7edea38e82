import { describe, expect, it } from "vitest";
import { spreadSample } from "../../../bench/spreadSample.js";

describe("spreadSample", () => {
  it("spreads n picks over the whole list, first item included, in order", () => {
    expect(spreadSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
  });

  it("returns the whole list when n is not smaller than it", () => {
    expect(spreadSample([1, 2, 3], 3)).toEqual([1, 2, 3]);
    expect(spreadSample([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });

  it("returns nothing for n = 0", () => {
    expect(spreadSample([1, 2, 3], 0)).toEqual([]);
  });
});
