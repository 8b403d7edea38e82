import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { printSearchResult, solveJson } from "../../../src-main/cli/printSearchResult.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { chain, chainScript } from "../search/chainScript.js";
import { FakePolicy } from "../search/FakePolicy.js";
import { FakeScorer } from "../search/FakeScorer.js";

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const errStream = new Writable({ write: (_c, _e, done) => done() });
  return {
    io: { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false, errStream },
    out: () => out,
    err: () => err,
  };
}

describe("a search result for a person", () => {
  it("warns, with the count, when the reward model returned scores that are not finite numbers", async () => {
    const chains = [chain("6", NaN), chain("2", 0.7), chain("3", Infinity)];
    const step = (s: string) => Number(/\[(.+)\]/.exec(s)?.[1]);
    const result = await bestOfN({
      problem: "p",
      policy: new FakePolicy(chainScript(chains)),
      scorer: new FakeScorer({ step }),
      n: 3,
    });
    const printed = capture();
    printSearchResult(printed.io, "p", result, "fake");
    expect(printed.out()).toContain("Answer: 2 (chosen by score 0.700)");
    expect(printed.err()).toBe(
      "Warning: the reward model returned 2 score(s) that are not finite numbers (NaN or ±Infinity); " +
        "each ranked below every finite score and decided nothing\n",
    );
    expect(solveJson(result).nonFiniteScores).toBe(2);

    const clean = capture();
    const fine = await bestOfN({
      problem: "p",
      policy: new FakePolicy(chainScript([chain("2", 0.7)])),
      scorer: new FakeScorer({ step }),
      n: 1,
    });
    printSearchResult(clean.io, "p", fine, "fake");
    expect(clean.err()).toBe("");
  });
});
