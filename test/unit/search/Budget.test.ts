import { describe, expect, it } from "vitest";
import { Budget } from "../../../src-main/core/search/Budget.js";
import { BudgetError } from "../../../src-main/core/search/BudgetError.js";

const cost = (generatedTokens: number, evaluatedTokens: number) => ({
  generatedTokens,
  evaluatedTokens,
  reusedTokens: 0,
  ms: 0,
});

describe("Budget", () => {
  it("rejects a cap that is not a positive integer, naming the field", () => {
    for (const [field, value] of [
      ["nodes", 0],
      ["generatedTokens", -5],
      ["rewardCalls", 1.5],
      ["ms", Number.NaN],
      ["evaluatedTokens", Infinity],
    ] as const) {
      const error = (() => {
        try {
          new Budget({ [field]: value });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(BudgetError);
      expect(error).toMatchObject({ field, value });
    }
    expect(() => new Budget({ nodes: 1, ms: 10_000 }).close()).not.toThrow();
  });

  it("counts every charge and stops at the first cap reached, keeping it as the reason", () => {
    const budget = new Budget({ generatedTokens: 10, rewardCalls: 2 });
    budget.chargePolicy(cost(6, 100));
    budget.chargeReward();
    expect(budget.stopped).toBe(false);
    budget.chargeReward();
    expect(budget.stoppedBy).toBe("rewardCalls");
    expect(budget.signal.aborted).toBe(true);
    budget.chargePolicy(cost(6, 1));
    expect(budget.stoppedBy).toBe("rewardCalls");
    expect(budget.spent()).toMatchObject({ generatedTokens: 12, evaluatedTokens: 101, rewardCalls: 2, nodes: 0 });
    budget.close();
  });

  it("reports the earlier field when one charge reaches two caps", () => {
    const budget = new Budget({ generatedTokens: 5, evaluatedTokens: 5 });
    budget.chargePolicy(cost(5, 5));
    expect(budget.stoppedBy).toBe("generatedTokens");
    budget.close();
  });

  it("never lets nodes pass their cap", () => {
    const budget = new Budget({ nodes: 2 });
    expect(budget.nodesLeft()).toBe(2);
    budget.chargeNode();
    budget.chargeNode();
    expect(budget.nodesLeft()).toBe(0);
    expect(budget.stoppedBy).toBe("nodes");
    expect(new Budget().nodesLeft()).toBe(Infinity);
    budget.close();
  });

  it("stops on the caller's signal, also one aborted before the start", () => {
    const controller = new AbortController();
    const budget = new Budget({}, controller.signal);
    expect(budget.stopped).toBe(false);
    controller.abort();
    expect(budget.stoppedBy).toBe("cancelled");
    expect(budget.signal.aborted).toBe(true);
    budget.close();
    expect(new Budget({}, AbortSignal.abort()).stoppedBy).toBe("cancelled");
  });

  it("aborts its signal when the wall-time cap passes, without being asked", async () => {
    const budget = new Budget({ ms: 20 });
    await new Promise((resolve) => budget.signal.addEventListener("abort", resolve));
    expect(budget.stoppedBy).toBe("ms");
    expect(budget.spent().ms).toBeGreaterThanOrEqual(15);
    budget.close();
  });
});
