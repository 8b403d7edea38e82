import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { CallAborts } from "../../../src-main/core/engine/CallAborts.js";

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

describe("CallAborts: one abort listener per signal, gone when its calls settle", () => {
  it("keeps one listener for twelve calls at once, and none once they have settled", () => {
    const aborted: number[] = [];
    const aborts = new CallAborts((id) => aborted.push(id));
    const search = new AbortController();
    const settle = Array.from({ length: 12 }, (_, id) => aborts.watch(id, search.signal));
    expect(listeners(search.signal)).toBe(1);
    for (const done of settle) done();
    expect(listeners(search.signal)).toBe(0);
    // A hundred calls one after another, as MCTS makes them: still none left behind.
    for (let id = 100; id < 200; id++) aborts.watch(id, search.signal)();
    expect(listeners(search.signal)).toBe(0);
    search.abort();
    expect(aborted).toEqual([]);
  });

  it("aborts exactly the calls still in flight when the signal fires", () => {
    const aborted: number[] = [];
    const aborts = new CallAborts((id) => aborted.push(id));
    const search = new AbortController();
    const settle = [1, 2, 3].map((id) => aborts.watch(id, search.signal));
    settle[1]?.();
    search.abort();
    expect(aborted).toEqual([1, 3]);
    expect(listeners(search.signal)).toBe(0);
    for (const done of settle) done(); // settling after the abort is harmless
    expect(aborted).toEqual([1, 3]);
  });

  it("aborts a call at once when its signal has already fired, adding no listener", () => {
    const aborted: number[] = [];
    const aborts = new CallAborts((id) => aborted.push(id));
    const signal = AbortSignal.abort();
    aborts.watch(7, signal)();
    expect(aborted).toEqual([7]);
    expect(listeners(signal)).toBe(0);
  });

  it("keeps signals apart: one search's abort leaves another's calls running", () => {
    const aborted: number[] = [];
    const aborts = new CallAborts((id) => aborted.push(id));
    const [a, b] = [new AbortController(), new AbortController()];
    aborts.watch(1, a.signal);
    aborts.watch(2, b.signal);
    aborts.watch(3, undefined)();
    a.abort();
    expect(aborted).toEqual([1]);
    expect(listeners(b.signal)).toBe(1);
  });
});
