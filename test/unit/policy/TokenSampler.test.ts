import type { Token } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { TokenSampler } from "../../../src-main/core/policy/TokenSampler.js";

/** Logits highest first, as node-llama-cpp returns them, and Σ exp(l − max) over a vocabulary with a long tail. */
const logits = new Map<Token, number>([
  [5 as Token, 2.0],
  [9 as Token, 1.0],
  [3 as Token, 0.5],
  [7 as Token, -1.0],
]);
const tail = 0.25; // exp(l - max) summed over the tokens the engine did not return
const weight = [...logits.values()].reduce((a, v) => a + Math.exp(v - 2), 0) + tail;

const counts = (sampler: TokenSampler, draws: number) => {
  const seen = new Map<Token, number>();
  for (let i = 0; i < draws; i++) {
    const { token } = sampler.pick(logits, weight);
    seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  return seen;
};

describe("TokenSampler: llama.cpp's chain over raw logits, log-probs from the full softmax", () => {
  it("greedy takes the highest logit and asks the engine for that one only", () => {
    const s = new TokenSampler({ temperature: 0 });
    expect(s.request.logits).toEqual({ filter: { tokens: [], includeTop: 1 } });
    const { token, logProb } = s.pick(logits, weight);
    expect(token).toBe(5);
    expect(logProb).toBeCloseTo(-Math.log(weight), 12);
  });

  it("reports log p at temperature 1 over the whole vocabulary, whatever temperature and truncation sampled it", () => {
    const s = new TokenSampler({ temperature: 2, topK: 2, topP: 1, seed: 1 });
    for (let i = 0; i < 50; i++) {
      const { token, logProb } = s.pick(logits, weight);
      expect(logProb).toBeCloseTo((logits.get(token) as number) - 2 - Math.log(weight), 12);
    }
  });

  it("top-k keeps the k highest; top-p cuts where the cumulative mass of those reaches p; min-p drops the unlikely", () => {
    expect([...counts(new TokenSampler({ temperature: 1, topK: 2, topP: 1, seed: 3 }), 400).keys()].sort()).toEqual([
      5, 9,
    ]);
    // Softmax of the four: 0.61, 0.22, 0.14, 0.03: p = 0.8 keeps two, p = 0.5 keeps one.
    expect([...counts(new TokenSampler({ temperature: 1, topK: 4, topP: 0.8, seed: 3 }), 400).keys()].sort()).toEqual([
      5, 9,
    ]);
    expect([...counts(new TokenSampler({ temperature: 1, topK: 4, topP: 0.5, seed: 3 }), 50).keys()]).toEqual([5]);
    // min-p 0.3: exp(0.5 - 2) = 0.22 of the top token's probability is below it, exp(1 - 2) = 0.37 is not.
    expect(
      [...counts(new TokenSampler({ temperature: 1, topK: 4, topP: 1, minP: 0.3, seed: 3 }), 400).keys()].sort(),
    ).toEqual([5, 9]);
  });

  it("draws in proportion to the tempered, truncated distribution", () => {
    const draws = 20_000;
    const seen = counts(new TokenSampler({ temperature: 1, topK: 4, topP: 1, seed: 11 }), draws);
    const z = [...logits.values()].reduce((a, v) => a + Math.exp(v), 0);
    for (const [token, l] of logits) expect((seen.get(token) ?? 0) / draws).toBeCloseTo(Math.exp(l) / z, 1);
  });

  it("repeats for a seed and differs across seeds", () => {
    const run = (seed: number) => {
      const s = new TokenSampler({ temperature: 1.5, topK: 4, topP: 1, seed });
      return Array.from({ length: 40 }, () => s.pick(logits, weight).token).join(",");
    };
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
  });

  it("with top-k off asks the engine for every logit", () => {
    expect(new TokenSampler({ temperature: 1, topK: 0 }).request.logits).toBe(true);
  });
});
