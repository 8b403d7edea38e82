import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { runSearch } from "../../../src-main/core/search/runSearch.js";
import { STRATEGY_NAMES } from "../../../src-main/core/search/StrategyName.js";
import { FakePolicy } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

const SIZES = { n: 4, beamWidth: 2, iterations: 8, width: 2 };

// A sweep or a server passes one caller signal to search after search (sweeps, Ctrl-C, a run's cancel): each
// search's budget listens on it while it runs and must let go when it ends, also when it fails.
describe.each(STRATEGY_NAMES)("%s on a caller's signal", (name) => {
  it("leaves no abort listener behind after a dozen searches, one of them failing", async () => {
    const caller = new AbortController();
    for (let i = 0; i < 12; i++) {
      const result = await runSearch(name, {
        problem: "p",
        policy: new FakePolicy(mathScript),
        scorer: new FakeScorer(),
        signal: caller.signal,
        seed: i,
        ...SIZES,
      });
      expect(result.stoppedBy).toBe("complete");
    }
    const failing = new FakePolicy(mathScript);
    failing.expand = () => Promise.reject(new Error("engine gone"));
    failing.rollout = () => Promise.reject(new Error("engine gone"));
    const options = { problem: "p", policy: failing, scorer: new FakeScorer(), signal: caller.signal, ...SIZES };
    await expect(runSearch(name, options)).rejects.toThrow("engine gone");
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
