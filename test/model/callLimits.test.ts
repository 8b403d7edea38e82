import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineHost } from "../../src-main/core/engine/EngineHost.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { runSearch } from "../../src-main/core/search/runSearch.js";

// Per-call limits on the real engines: token allowances that keep a generated-token cap from being passed by
// more than one token per sequence, and a rollout step limit that keeps paths within the depth limit.
const PROBLEM = "Compute (17 + 25) * 3 - 9.";

let policy: LlamaPolicy;
let prm: OnnxPrm;
const host = new EngineHost();
beforeAll(async () => {
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 8 });
  prm = await OnnxPrm.load(EMBEDDED.prm);
});
afterAll(async () => {
  await policy?.dispose();
  await prm?.dispose();
  host.close();
});

describe("per-call limits on the embedded 6M policy", () => {
  it("expand: no candidate generates more than its token allowance; one cut short ends with length", async () => {
    const free = await policy.expand(PROBLEM, [], 4, { temperature: 1, seed: 2 });
    expect(Math.max(...free.map((c) => c.tokens.length))).toBeGreaterThan(3); // the cap below does bind
    const capped = await policy.expand(PROBLEM, [], 4, { temperature: 1, seed: 2 }, undefined, { maxTokens: 3 });
    for (const c of capped) {
      expect(c.tokens.length).toBeLessThanOrEqual(3);
      expect(c.cost.generatedTokens).toBe(c.tokens.length);
    }
    expect(capped.some((c) => c.finishReason === "length")).toBe(true);
  });

  it("rollout: stops after maxSteps steps with finish reason length, writing what greedy steps write", async () => {
    const rollout = await policy.rollout(PROBLEM, [], { temperature: 0 }, undefined, { maxSteps: 2 });
    expect(rollout.finishReason).toBe("length");
    expect(rollout.answer).toBeUndefined();
    const [first] = await policy.expand(PROBLEM, [], 1, { temperature: 0 });
    const [second] = await policy.expand(PROBLEM, [first!.text], 1, { temperature: 0 });
    expect(rollout.text).toBe(`${first!.text}\n${second!.text}`);
    expect(rollout.cost.generatedTokens).toBe(rollout.tokens.length);
    // Without a step limit the same rollout goes on to the answer.
    const whole = await policy.rollout(PROBLEM, [], { temperature: 0 });
    expect(whole.finishReason).toBe("answer");
    expect(whole.text.split("\n").length).toBeGreaterThan(2);
  });

  it("a 40-token cap with 8 samples at once: spent at most 40 + 8 generated tokens", async () => {
    for (const [strategy, options] of [
      ["self-consistency", { n: 8 }],
      ["beam", { n: 8, beamWidth: 2 }],
    ] as const) {
      const result = await runSearch(strategy, {
        problem: PROBLEM,
        policy,
        scorer: prm,
        seed: 5,
        budget: { generatedTokens: 40 },
        ...options,
      });
      expect(result.stoppedBy).toBe("generatedTokens");
      expect(result.spent.generatedTokens).toBeGreaterThanOrEqual(40);
      expect(result.spent.generatedTokens).toBeLessThanOrEqual(40 + 8);
    }
  });

  it("MCTS with rollout values on a depth limit of 2 returns a path of at most 2 steps", async () => {
    const result = await runSearch("mcts", {
      problem: PROBLEM,
      policy,
      scorer: prm,
      seed: 5,
      iterations: 6,
      width: 2,
      value: "rollout",
      maxDepth: 2,
    });
    expect(result.path.length).toBeLessThanOrEqual(2);
    expect(Math.max(...result.tree.nodes.map((n) => n.depth))).toBeLessThanOrEqual(2);
  });

  it("the limits cross the engine process boundary", async () => {
    const remote = await host.loadPolicy(EMBEDDED.policyLarge, { sequences: 2 });
    const capped = await remote.expand(PROBLEM, [], 2, { temperature: 1, seed: 2 }, undefined, { maxTokens: 2 });
    expect(capped.every((c) => c.tokens.length <= 2)).toBe(true);
    const rollout = await remote.rollout(PROBLEM, [], { temperature: 0 }, undefined, { maxSteps: 1 });
    expect(rollout.finishReason).toBe("length");
    expect(rollout.text).not.toContain("\n");
    await remote.dispose();
  });
});
