import type { Engines } from "../../../src-main/core/engine/Engines.js";
import { describe, expect, it } from "vitest";
import type { Problem } from "../../../src-main/core/domain/Problem.js";
import { runSweep } from "../../../src-main/core/experiments/runSweep.js";
import { searchSettings } from "../../../src-main/core/search/searchSettings.js";
import { searchWith } from "../../../src-main/core/search/searchWith.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

// Even seeds write a confident slip the scorer likes (`6 + 396 = 482`, [0.9]); odd seeds the right, less liked sum.
const sumScript: Script = (path, seed) => {
  if (path.length === 1) {
    const answer = /= (\d+)/.exec(path[0] ?? "")?.[1] ?? "?";
    return { text: `Answer: ${answer} [${path[0]?.includes("482") ? 0.9 : 0.4}]`, answer };
  }
  return { text: seed % 2 === 0 ? "Step 1: 6 + 396 = 482. [0.9]" : "Step 1: 6 + 396 = 402. [0.4]" };
};

const problem: Problem = {
  id: "p",
  family: "arithmetic-sequence",
  difficulty: 1,
  problem: "p",
  answer: "402",
  solution: "",
};
const policy = () => ({ policy: new FakePolicy(sumScript), stepDelimiter: "\n", dispose: async () => {} });
const engines: Engines = { openPolicy: async () => policy(), openScorer: async () => new FakeScorer() };

describe("checkArithmetic: the scorer gated by the arithmetic step checker", () => {
  it("searchWith: best-of-n takes the scorer's favourite slip without it and the right sum with it", async () => {
    const run = async (checkArithmetic: boolean) => {
      const settings = searchSettings({ strategy: "best-of-n", n: 4, seed: 0, checkArithmetic });
      return searchWith(
        engines,
        { problem: "p", settings, policy: "/fake.profile.json", prm: "/fake-prm.profile.json" },
        undefined,
      );
    };
    expect((await run(false)).answer).toBe("482");
    const checked = await run(true);
    expect(checked.answer).toBe("402");
    expect(checked.path.map((s) => s.score)).toEqual([0.4, 0.4]);
  });

  it("runSweep gates the scorer of every scoring item, and only when asked", async () => {
    const sweep = async (checkArithmetic: boolean) => {
      const items: RunItem[] = [];
      await runSweep({
        items: [{ key: "k", problem, strategy: "beam", budget: 2, policy: "fake" }],
        policies: { fake: "/fake.profile.json" },
        prm: "/fake-prm.profile.json",
        engines,
        checkArithmetic,
        onItem: (item) => items.push(item),
      });
      return items[0];
    };
    expect(await sweep(false)).toMatchObject({ answer: "482", correct: false });
    expect(await sweep(true)).toMatchObject({ answer: "402", correct: true });
  });

  it("refuses it for strategies that score nothing", () => {
    expect(() => searchSettings({ strategy: "greedy", seed: 0, checkArithmetic: true })).toThrow(
      /checkArithmetic does not apply to greedy/,
    );
  });
});
