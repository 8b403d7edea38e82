import type { Token } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { SequencePool } from "../../../src-main/core/policy/SequencePool.js";
import { fakeSequence } from "./fakeSequence.js";

describe("SequencePool routing", () => {
  it("lends the free sequence sharing the longest prefix, and says how much is reusable", async () => {
    const a = fakeSequence("a", [1, 2, 3]);
    const b = fakeSequence("b", [1, 2, 3, 4, 5]);
    const c = fakeSequence("c", [9]);
    const pool = new SequencePool([a, b, c]);
    const got = await pool.acquire([1, 2, 3, 4, 6] as Token[]);
    expect((got.sequence as typeof a).name).toBe("b");
    expect(got.reusable).toBe(4);
    const next = await pool.acquire([1, 2, 3, 4, 6] as Token[]);
    expect((next.sequence as typeof a).name).toBe("a");
    expect(next.reusable).toBe(3);
  });

  it("among equally useful sequences, evicts the least recently used", async () => {
    const a = fakeSequence("a", [5]);
    const b = fakeSequence("b", [6]);
    const pool = new SequencePool([a, b]);
    const first = await pool.acquire([1] as Token[]);
    const second = await pool.acquire([1] as Token[]);
    pool.release(second.sequence);
    pool.release(first.sequence);
    // `second` was released first, so it is the older one now.
    expect(((await pool.acquire([1] as Token[])).sequence as typeof a).name).toBe((second.sequence as typeof a).name);
  });

  it("makes a request wait while every sequence is lent, then serves it on release", async () => {
    const a = fakeSequence("a", []);
    const pool = new SequencePool([a]);
    const held = await pool.acquire([] as Token[]);
    let served = false;
    const waiting = pool.acquire([] as Token[]).then((s) => {
      served = true;
      return s;
    });
    await Promise.resolve();
    expect(served).toBe(false);
    pool.release(held.sequence);
    expect((await waiting).sequence).toBe(a);
  });
});
