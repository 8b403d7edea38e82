import { describe, expect, it } from "vitest";
import { beamSlots } from "../../../src-main/core/search/beamSlots.js";

describe("beam slots over the kept beams", () => {
  it("give each distinct kept beam one slot when there are at least as many beams as slots", () => {
    expect(
      beamSlots(
        [
          { leaf: 5, count: 30 },
          { leaf: 6, count: 1 },
          { leaf: 7, count: 1 },
        ],
        2,
      ),
    ).toEqual([5, 6]);
  });

  it("give spare slots to the beams sampled most, in rank order, one per extra sample", () => {
    // Fifteen distinct steps for 32 slots: the best, written 33 times, takes the 17 spare slots.
    const kept = [{ leaf: 1, count: 33 }, ...Array.from({ length: 14 }, (_, i) => ({ leaf: 2 + i, count: 7 }))];
    const slots = beamSlots(kept, 32);
    expect(slots).toHaveLength(32);
    expect(slots.filter((s) => s === 1)).toHaveLength(18);
    expect(new Set(slots).size).toBe(15);
    // Spare slots beyond the extra samples go to the next beams in rank order.
    expect(
      beamSlots(
        [
          { leaf: 1, count: 2 },
          { leaf: 2, count: 3 },
        ],
        5,
      ),
    ).toEqual([1, 2, 1, 2, 2]);
  });

  it("go round-robin when the samples are used up, and are empty when nothing was kept", () => {
    expect(
      beamSlots(
        [
          { leaf: 1, count: 1 },
          { leaf: 2, count: 1 },
        ],
        5,
      ),
    ).toEqual([1, 2, 1, 2, 1]);
    expect(beamSlots([], 4)).toEqual([]);
  });
});
