import type { Token } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { SequencePool } from "../../../src-main/core/policy/SequencePool.js";
import { fakeSequence } from "./fakeSequence.js";

describe("SequencePool without reuse, and tryAcquire", () => {
  it("with reuse off, reports nothing reusable and lends the least recently used sequence", async () => {
    const a = fakeSequence("a", [1, 2, 3]);
    const b = fakeSequence("b", [9]);
    const pool = new SequencePool([a, b], { reuse: false });
    const first = await pool.acquire([1, 2, 3] as Token[]);
    expect(first.reusable).toBe(0);
    pool.release(first.sequence);
    // `first` was just used, so the other one is lent although `first` holds the whole prefix.
    const second = await pool.acquire([1, 2, 3] as Token[]);
    expect(second.sequence).not.toBe(first.sequence);
    expect(second.reusable).toBe(0);
  });

  it("tryAcquire lends a free sequence at once and gives nothing when none is free", () => {
    const a = fakeSequence("a", [1, 2]);
    const pool = new SequencePool([a]);
    const got = pool.tryAcquire([1, 2, 7] as Token[]);
    expect(got?.sequence).toBe(a);
    expect(got?.reusable).toBe(2);
    expect(pool.tryAcquire([1] as Token[])).toBeUndefined();
  });

  it("tryAcquire does not jump ahead of a request already waiting", async () => {
    const a = fakeSequence("a", []);
    const pool = new SequencePool([a]);
    const held = await pool.acquire([] as Token[]);
    const waiting = pool.acquire([] as Token[]);
    pool.release(held.sequence);
    // The release served the waiting request, so nothing is free for tryAcquire.
    expect(pool.tryAcquire([] as Token[])).toBeUndefined();
    expect((await waiting).sequence).toBe(a);
  });
});

describe("SequencePool spare sequences", () => {
  it("lends the least recently used free sequence as a spare, not the one sharing the most, and says what it holds", async () => {
    const sibling = fakeSequence("sibling", [1, 2, 3, 4]);
    const stale = fakeSequence("stale", [1, 9]);
    const pool = new SequencePool([sibling, stale]);
    // Use `sibling` once so that `stale` is the least recently used.
    pool.release((await pool.acquire([1, 2, 3, 4] as Token[])).sequence);
    const spare = pool.tryAcquire([1, 2, 3, 5] as Token[], { spare: true });
    expect((spare?.sequence as typeof sibling).name).toBe("stale");
    expect(spare?.reusable).toBe(1);
  });
});
