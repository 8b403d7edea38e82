import { describe, expect, it } from "vitest";
import { BudgetError } from "../../../src-main/core/search/BudgetError.js";
import { runSearch } from "../../../src-main/core/search/runSearch.js";
import { SearchOptionError } from "../../../src-main/core/search/SearchOptionError.js";
import { STRATEGY_NAMES } from "../../../src-main/core/search/StrategyName.js";
import { UnknownStrategyError } from "../../../src-main/core/search/UnknownStrategyError.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

const base = () => ({ problem: "p", policy: new FakePolicy(mathScript), scorer: new FakeScorer() });

describe("runSearch", () => {
  it.each(STRATEGY_NAMES)("runs %s by name", async (name) => {
    const result = await runSearch(name, { ...base(), n: 4, beamWidth: 2, iterations: 6 });
    expect(result.strategy).toBe(name);
    expect(result.tree.nodes.length).toBeGreaterThan(1);
  });

  it("rejects an unknown name with the names it knows", async () => {
    const error = await runSearch("beam-search", base()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownStrategyError);
    expect(error).toMatchObject({ strategy: "beam-search", known: STRATEGY_NAMES });
  });

  it("rejects bad common options and budgets before calling the policy, naming the field", async () => {
    const cases: [object, string][] = [
      [{ seed: -1 }, "seed"],
      [{ seed: 1.5 }, "seed"],
      [{ maxDepth: 0 }, "maxDepth"],
      [{ stepDelimiter: "" }, "stepDelimiter"],
      [{ n: 0 }, "n"],
      [{ scorer: undefined }, "scorer"],
    ];
    for (const [options, field] of cases) {
      const b = base();
      const error = await runSearch("best-of-n", { ...b, ...options }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchOptionError);
      expect(error).toMatchObject({ field });
      expect(b.policy.calls).toHaveLength(0);
    }
    const b = base();
    await expect(runSearch("mcts", { ...b, budget: { rewardCalls: 0 } })).rejects.toEqual(
      new BudgetError("rewardCalls", 0),
    );
    expect(b.policy.calls).toHaveLength(0);
  });

  it("runs greedy and self-consistency without a scorer", async () => {
    const { policy } = base();
    expect((await runSearch("greedy", { problem: "p", policy })).answer).not.toBeNull();
    expect((await runSearch("self-consistency", { problem: "p", policy, n: 3 })).reward).toBeNull();
  });
});
