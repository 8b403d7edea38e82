import { afterEach, describe, expect, it } from "vitest";
import type { Problem } from "../../src-main/core/domain/Problem.js";
import { EngineCache } from "../../src-main/core/engine/EngineCache.js";
import { hostedEngines } from "../../src-main/core/engine/hostedEngines.js";
import { inProcessEngines } from "../../src-main/core/engine/inProcessEngines.js";
import type { SweepItemSpec } from "../../src-main/core/experiments/SweepItemSpec.js";
import { runSweep } from "../../src-main/core/experiments/runSweep.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { searchSettings } from "../../src-main/core/search/searchSettings.js";
import { searchWith } from "../../src-main/core/search/searchWith.js";
import type { RunItem } from "../../src-main/core/store/RunRecord.js";

const problem: Problem = {
  id: "p1",
  family: "linear-equation",
  difficulty: 1,
  problem: "Solve for x: 2x + 13 = 47",
  answer: "17",
  solution: "Step 1: 2x = 47 - 13 = 34\nStep 2: x = 34 / 2 = 17\nAnswer: 17",
};
const item = (strategy: SweepItemSpec["strategy"], budget: number | null): SweepItemSpec => ({
  key: `6m|p1|${strategy}|${budget ?? "-"}`,
  problem,
  strategy,
  budget,
  policy: "6m",
});
const greedy = item("greedy", null);
const selfConsistency = item("self-consistency", 1);

/** Runs the items in order through one EngineCache on the real 6M policy and PRM; each item's spent counters. */
async function sweep(cache: EngineCache, items: SweepItemSpec[]): Promise<Map<string, RunItem["spent"]>> {
  const spent = new Map<string, RunItem["spent"]>();
  await runSweep({
    items,
    policies: { "6m": EMBEDDED.policyLarge },
    prm: EMBEDDED.prm,
    engines: cache,
    onItem: (done) => spent.set(done.key, done.spent),
  });
  return spent;
}

/** The counters that measure work (time varies from run to run). */
const work = (s: RunItem["spent"] | undefined) => s && { ...s, ms: undefined };

describe("a sweep item's counters do not depend on what ran before it (6M policy, PRM)", () => {
  let cache: EngineCache | undefined;
  afterEach(async () => {
    await cache?.close();
  });

  it("self-consistency at budget 1 costs the same after greedy on the same problem as on its own", async () => {
    cache = new EngineCache(inProcessEngines());
    const alone = await sweep(cache, [selfConsistency]);
    await cache.close();
    cache = new EngineCache(inProcessEngines());
    const after = await sweep(cache, [greedy, selfConsistency]);
    expect(work(after.get(selfConsistency.key))).toEqual(work(alone.get(selfConsistency.key)));
    // The prompt is paid for again: both items evaluated it whole.
    expect(after.get(selfConsistency.key)?.evaluatedTokens).toBe(after.get(greedy.key)?.evaluatedTokens);
  });

  it("a scoring search's step and PRM counters are the same the second time on the same problem", async () => {
    cache = new EngineCache(inProcessEngines());
    const settings = searchSettings({ strategy: "beam", n: 4, width: 2, seed: 0 }, (f) => f);
    const search = { problem: problem.problem, settings, policy: EMBEDDED.policyLarge, prm: EMBEDDED.prm };
    const first = await searchWith(cache, search, undefined);
    const second = await searchWith(cache, search, undefined);
    expect(second.answer).toBe(first.answer);
    expect(work(second.spent)).toEqual(work(first.spent));
    // The PRM's step-score cache is emptied too: the second search ran the model as often, over as many tokens.
    expect({ ...second.reward, ms: 0 }).toEqual({ ...first.reward, ms: 0 });
    expect(second.reward?.modelCalls).toBeGreaterThan(0);
  });

  it("the same holds with the engines in a child process (the app's): reset crosses the process boundary", async () => {
    cache = new EngineCache(hostedEngines({ backend: "cpu" }));
    const first = await sweep(cache, [greedy, selfConsistency]);
    const second = await sweep(cache, [selfConsistency]);
    expect(work(second.get(selfConsistency.key))).toEqual(work(first.get(selfConsistency.key)));
    expect(first.get(selfConsistency.key)?.evaluatedTokens).toBe(first.get(greedy.key)?.evaluatedTokens);
  });
});
