import { describe, expect, it } from "vitest";
import { Budget } from "../../../src-main/core/search/Budget.js";
import { runSearch } from "../../../src-main/core/search/runSearch.js";
import { STRATEGY_NAMES, type StrategyName } from "../../../src-main/core/search/StrategyName.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

const spend = (budget: Budget, generatedTokens: number) =>
  budget.chargePolicy({ generatedTokens, evaluatedTokens: 0, reusedTokens: 0, ms: 0 });

describe("the generated-token allowance of a policy call", () => {
  it("is what the cap leaves split evenly over the sequences, at least 1; none without a cap", () => {
    expect(new Budget().tokensPerSequence(8)).toBeUndefined();
    const budget = new Budget({ generatedTokens: 40 });
    expect(budget.tokensPerSequence(8)).toBe(5);
    expect(budget.tokensPerSequence(1)).toBe(40);
    expect(budget.tokensPerSequence(3)).toBe(13);
    spend(budget, 37);
    expect(budget.generatedTokensLeft()).toBe(3);
    expect(budget.tokensPerSequence(2)).toBe(1);
    expect(budget.tokensPerSequence(8)).toBe(1);
  });

  it("lets s sequences together pass what is left by fewer than s tokens, and not at all when s ≤ left", () => {
    for (let left = 1; left <= 60; left++)
      for (let s = 1; s <= 16; s++) {
        const budget = new Budget({ generatedTokens: 100 });
        spend(budget, 100 - left);
        const most = s * budget.tokensPerSequence(s)!;
        if (s <= left) expect(most).toBeLessThanOrEqual(left);
        else expect(most - left).toBeLessThan(s);
      }
  });
});

/** Steps of 30 words (30 tokens), an answer after three: every call would pass a small cap in one go. */
const longSteps: Script = (path, seed) => {
  const words = Array.from({ length: 29 }, (_, i) => `w${seed}.${i}`).join(" ");
  return path.length < 3 ? { text: `step ${words}` } : { text: `Answer: ${seed % 3} ${words}`, answer: `${seed % 3}` };
};

/** The most sequences one batch of a strategy decodes at once at these sizes. */
const SIZES: Record<StrategyName, [options: object, sequences: number]> = {
  greedy: [{}, 1],
  "self-consistency": [{ n: 8 }, 8],
  "best-of-n": [{ n: 8 }, 8],
  beam: [{ n: 8, beamWidth: 2 }, 8],
  dvts: [{ n: 8, beamWidth: 2 }, 8],
  mcts: [{ iterations: 8, width: 4, value: "rollout" }, 4],
};

describe.each(STRATEGY_NAMES)("%s under a 40-token cap with 30-token steps", (name) => {
  it("passes the cap by at most one token per sequence of the last call", async () => {
    const [options, sequences] = SIZES[name];
    const policy = new FakePolicy(longSteps);
    const result = await runSearch(name, {
      problem: "p",
      policy,
      scorer: new FakeScorer(),
      budget: { generatedTokens: 40 },
      ...options,
    });
    expect(result.stoppedBy).toBe("generatedTokens");
    expect(result.spent.generatedTokens).toBe(policy.totals.generatedTokens);
    expect(result.spent.generatedTokens).toBeGreaterThanOrEqual(40);
    expect(result.spent.generatedTokens).toBeLessThanOrEqual(40 + sequences);
    // The first batch (all strategies start with their widest) was told its share: 40 over its sequences.
    expect(policy.calls[0]!.limits.maxTokens).toBe(Math.floor(40 / sequences));
  });
});
