import { describe, expect, it } from "vitest";
import { selfConsistency } from "../../../src-main/core/search/selfConsistency.js";
import { chain, chainScript } from "./chainScript.js";
import { FakePolicy } from "./FakePolicy.js";

describe("self-consistency", () => {
  it("votes numerically: 402, 402.0 and 402.00 outvote two 17s", async () => {
    const answers = ["17", "17", "402", "402.0", "402.00"];
    const policy = new FakePolicy(chainScript(answers.map((a) => chain(a, 0.5, 0.5))));
    const result = await selfConsistency({ problem: "p", policy, n: 5 });
    expect(result.answer).toBe("402");
    expect(result.score).toBeCloseTo(3 / 5);
    expect(result.path[0]!.text).toMatch(/^chain 2:/);
  });

  it("draws the n first steps in one call with distinct seeds, then extends each chain", async () => {
    const policy = new FakePolicy(chainScript([chain("1", 0.5, 0.5, 0.5), chain("1", 0.5, 0.5), chain("2", 0.5)]));
    const result = await selfConsistency({ problem: "p", policy, n: 3, sampling: { temperature: 0.7 } });
    const [first, ...rest] = policy.calls;
    expect(first).toMatchObject({ k: 3, path: [] });
    expect(rest.every((c) => c.k === 1 && c.sampling.temperature === 0.7)).toBe(true);
    expect(rest).toHaveLength(3); // chain 0 needs two more steps, chain 1 one, chain 2 answered at once
    expect(new Set(rest.map((c) => c.sampling.seed)).size).toBe(3);
    expect(result.answer).toBe("1");
  });

  it("leaves unanswered samples out of the vote", async () => {
    const chains = [chain(undefined, 0.5), chain(undefined, 0.5), chain("9", 0.5)];
    const policy = new FakePolicy(chainScript(chains));
    const result = await selfConsistency({ problem: "p", policy, n: 3 });
    expect(result.answer).toBe("9");
    expect(result.score).toBe(1);
  });
});
