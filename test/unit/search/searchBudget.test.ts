import { describe, expect, it } from "vitest";
import type { BudgetField } from "../../../src-main/core/search/BudgetCaps.js";
import { runSearch } from "../../../src-main/core/search/runSearch.js";
import { STRATEGY_NAMES, type StrategyName } from "../../../src-main/core/search/StrategyName.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { FakePolicy, type FakePolicyOptions } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

/** Each strategy at a size where it spends well past the caps tested below. */
const SIZES: Record<StrategyName, object> = {
  greedy: {},
  "self-consistency": { n: 4 },
  "best-of-n": { n: 4 },
  beam: { n: 4, beamWidth: 2 },
  dvts: { n: 4, beamWidth: 2 },
  mcts: { iterations: 12, width: 3 },
};

function search(name: StrategyName, extra: object = {}, policyOptions: FakePolicyOptions = {}) {
  const policy = new FakePolicy(mathScript, policyOptions);
  const scorer = new FakeScorer();
  const events: TreeEvent[] = [];
  const options = { problem: "p", policy, scorer, onEvent: (e: TreeEvent) => events.push(e), ...SIZES[name], ...extra };
  return { policy, scorer, events, result: runSearch(name, options) };
}

describe.each(STRATEGY_NAMES)("%s", (name) => {
  it("is deterministic for a seed: the same seed gives the same tree JSON, another seed another tree", async () => {
    const a = await search(name, { seed: 11 }).result;
    const b = await search(name, { seed: 11 }).result;
    const c = await search(name, { seed: 12 }).result;
    expect(JSON.stringify(b.tree)).toBe(JSON.stringify(a.tree));
    expect(b.path).toEqual(a.path);
    expect(JSON.stringify(c.tree)).not.toBe(JSON.stringify(a.tree));
  });

  it("reports spending equal to the sums of what the policy and the scorer reported", async () => {
    const { policy, scorer, result } = search(name);
    const r = await result;
    expect(r.spent).toMatchObject({ ...policy.totals, rewardCalls: scorer.calls, nodes: r.tree.nodes.length - 1 });
    expect(r.reward?.modelCalls).toBe(scorer.calls);
    expect(r.stoppedBy).toBe("complete");
    expect(r.answer).not.toBeNull();
  });

  const caps: [BudgetField, number][] = [
    ["generatedTokens", 12],
    ["evaluatedTokens", 15],
    ["nodes", 3],
    ...(name === "greedy" || name === "self-consistency" ? [] : ([["rewardCalls", 2]] as [BudgetField, number][])),
  ];
  it.each(caps)("stops at the first %s cap reached, reports it, and calls nothing after", async (field, cap) => {
    const { policy, scorer, events, result } = search(name, { budget: { [field]: cap } });
    const r = await result;
    expect(r.stoppedBy).toBe(field);
    expect(r.spent[field]).toBeGreaterThanOrEqual(cap);
    if (field === "nodes") expect(r.spent.nodes).toBe(cap);
    // The charge that reached the cap was the last one: nothing was spent after it.
    const spentEvents = events.flatMap((e) => (e.type === "budget-spent" ? [e.spent] : []));
    expect(spentEvents.findIndex((s) => s[field] >= cap)).toBe(spentEvents.length - 1);
    expect(r.spent).toMatchObject({ ...policy.totals, rewardCalls: scorer.calls });
    expect(events.at(-1)).toMatchObject({ type: "done", stoppedBy: field });
  });

  it("stops promptly at the wall-time cap, aborting the call in flight", async () => {
    const r = await search(name, { budget: { ms: 40 } }, { delayMs: 30_000 }).result;
    expect(r.stoppedBy).toBe("ms");
    expect(r.spent.ms).toBeLessThan(5_000);
  });

  it("stops on an abort signal, returning with stoppedBy cancelled", async () => {
    const controller = new AbortController();
    // Cancelled once the first policy call is in flight: its 30 s wait must end at once.
    const onCallWaiting = () => controller.abort();
    const r = await search(name, { signal: controller.signal }, { delayMs: 30_000, onCallWaiting }).result;
    expect(r.stoppedBy).toBe("cancelled");
    expect(r.spent.ms).toBeLessThan(5_000);
    const before = search(name, { signal: AbortSignal.abort() });
    expect(await before.result).toMatchObject({ stoppedBy: "cancelled", answer: null, path: [] });
    expect(before.policy.calls).toHaveLength(0);
  });
});
