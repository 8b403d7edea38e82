import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { printSearchResult, solveJson } from "../../../src-main/cli/printSearchResult.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { candidateTable } from "../../../src-main/core/search/candidateTable.js";
import { mcts } from "../../../src-main/core/search/mcts.js";
import { selfConsistency } from "../../../src-main/core/search/selfConsistency.js";
import { mathScript } from "../search/mathScript.js";
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

  it("prints the candidates table: the rule, each answer with its count and score, the winner, right or wrong", async () => {
    const chains = [chain("5", 0.3), chain("9", 0.5), chain("5.0", 0.3), chain(undefined, 0.1)];
    const found = await bestOfN({
      problem: "p",
      policy: new FakePolicy(chainScript(chains)),
      scorer: new FakeScorer(),
      n: 4,
    });
    const result = { ...found, candidates: candidateTable({ result: found, options: { n: 4 }, reference: "5" }) };
    const printed = capture();
    printSearchResult(printed.io, "p", result, "fake", { n: 4 });
    const lines = printed.out().split("\n");
    const at = lines.findIndex((l) => l.startsWith("Candidates (4 samples; * the answer): Best-of-4 picks the sample"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^\s+answer\s+samples\s+share\s+best PRM score \(last step\)\s+vs 5$/);
    expect(lines[at + 3]).toMatch(/^\s+\*\s+9\s+1\s+25\.0%\s+0\.500\s+wrong$/);
    expect(lines[at + 4]).toMatch(/^\s+5\s+2\s+50\.0%\s+0\.300\s+right$/);
    expect(lines[at + 5]).toMatch(/^\s+\(no answer reached\)\s+1\s+25\.0%\s+-\s*$/);
    expect(printed.out()).toContain("Finished: the search ran to its end.\n");
    expect(solveJson(result).candidates?.rows.map((r) => r.count)).toEqual([1, 2, 1]);
  });

  it("says in a sentence that a cap stopped the search before any answer, and never prints none as an answer", async () => {
    const caps = { nodes: 3 };
    const found = await selfConsistency({ problem: "p", policy: new FakePolicy(mathScript), n: 3, budget: caps });
    const result = { ...found, candidates: candidateTable({ result: found, options: { n: 3 }, caps }) };
    const printed = capture();
    printSearchResult(printed.io, "p", result, "fake");
    expect(printed.out()).toContain("No answer: no path reached one.\n");
    expect(printed.out()).toContain("Stopped: the node cap (3) was reached before any path answered.\n");
    expect(printed.out()).not.toMatch(/none/i);
  });

  it("marks an MCTS rollout's steps as rollout steps, not as scored path steps", async () => {
    // PRM values never roll out: the chosen path is finished by a greedy rollout when the rounds run out early.
    const result = await mcts({
      problem: "p",
      policy: new FakePolicy(mathScript),
      scorer: new FakeScorer(),
      iterations: 2,
    });
    const tail = result.path.filter((s) => s.nodeId === null);
    expect(tail.length).toBeGreaterThan(0);
    const printed = capture();
    printSearchResult(printed.io, "p", result, "fake");
    for (const step of tail) expect(printed.out()).toContain(`rollout, unscored  ${step.text}`);
  });
});
