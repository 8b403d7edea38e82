import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { SequencePool } from "../../../src-main/core/policy/SequencePool.js";

/** A sequence holding `cached` tokens whose erase resolves when the test says so. */
function erasable(cached: number[]) {
  const tokens = [...cached];
  let finish: (() => void) | undefined;
  const sequence = {
    get nextTokenIndex() {
      return tokens.length;
    },
    compareContextTokens(prefix: Token[]) {
      let i = 0;
      while (i < tokens.length && i < prefix.length && tokens[i] === prefix[i]) i++;
      return { firstDifferentIndex: i };
    },
    eraseContextTokenRanges(ranges: { start: number; end: number }[]) {
      return new Promise<void>((resolve) => {
        finish = () => {
          for (const r of ranges) tokens.splice(r.start, r.end - r.start);
          resolve();
        };
      });
    },
  };
  return { sequence: sequence as unknown as LlamaContextSequence, tokens, finishErase: () => finish?.() };
}

describe("SequencePool.reset", () => {
  it("empties the free sequences, leaves a lent one alone, and lends none of them while erasing", async () => {
    const free = erasable([1, 2, 3]);
    const lent = erasable([1, 2]);
    const pool = new SequencePool([free.sequence, lent.sequence]);
    const held = await pool.acquire([1, 2, 9] as Token[]);
    expect(held.sequence).toBe(free.sequence); // the longer shared prefix
    pool.release(free.sequence);
    const other = await pool.acquire([7] as Token[]);
    expect(other.sequence).toBe(lent.sequence);

    const resetting = pool.reset();
    expect(pool.tryAcquire([1, 2, 3] as Token[])).toBeUndefined(); // taken out while it is erased
    let served: Token[] | undefined;
    const waiting = pool.acquire([1, 2, 3] as Token[]).then((s) => ((served = [] as Token[]), s));
    expect(served).toBeUndefined();
    free.finishErase();
    await resetting;
    const got = await waiting;
    expect(got.sequence).toBe(free.sequence);
    expect(got.reusable).toBe(0); // nothing left to reuse: the next search pays for its whole prefix
    expect(free.tokens).toEqual([]);
    expect(lent.tokens).toEqual([1, 2]);
  });
});
