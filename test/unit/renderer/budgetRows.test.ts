import { describe, expect, it } from "vitest";
import { budgetRows } from "../../../src-renderer/src/stores/budgetRows.js";
import { redrawInterval } from "../../../src-renderer/src/stores/redrawInterval.js";

const spent = { generatedTokens: 250, evaluatedTokens: 900, rewardCalls: 12, nodes: 40, ms: 1500 };

describe("budgetRows", () => {
  it("fills each capped counter by spent over cap", () => {
    const rows = budgetRows(spent, { generatedTokens: 1000, nodes: 40 });
    const byCounter = new Map(rows.map((r) => [r.counter, r]));
    expect(byCounter.get("generatedTokens")?.fraction).toBe(0.25);
    expect(byCounter.get("nodes")?.fraction).toBe(1);
    expect(byCounter.get("nodes")?.reached).toBe(true);
    expect(byCounter.get("generatedTokens")?.reached).toBe(false);
  });

  it("shows uncapped counters without a fraction", () => {
    const row = budgetRows(spent, {}).find((r) => r.counter === "rewardCalls");
    expect(row?.fraction).toBeNull();
    expect(row?.cap).toBeNull();
    expect(row?.spent).toBe(12);
  });

  it("clamps a counter that passed its cap by the last call's cost", () => {
    const row = budgetRows(spent, { ms: 1000 }).find((r) => r.counter === "ms");
    expect(row?.fraction).toBe(1);
  });

  it("starts every counter at zero before the first budget event", () => {
    expect(budgetRows(null, { generatedTokens: 10 }).map((r) => r.spent)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("redrawInterval", () => {
  it("redraws a small tree every frame and a big one less often, never slower than twice a second", () => {
    expect(redrawInterval(50)).toBe(0);
    expect(redrawInterval(3000)).toBeGreaterThan(redrawInterval(600));
    expect(redrawInterval(1_000_000)).toBe(500);
  });
});
