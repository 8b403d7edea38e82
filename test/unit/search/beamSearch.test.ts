import { describe, expect, it } from "vitest";
import { beamSearch } from "../../../src-main/core/search/beamSearch.js";
import { SearchOptionError } from "../../../src-main/core/search/SearchOptionError.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathScript } from "./mathScript.js";

/** Three steps scored by a hash of the seed, then an answer: scores differ between siblings. */
const hashed: Script = (path, seed) => {
  const score = ((seed * 37) % 97) / 100;
  return path.length < 3
    ? { text: `d${path.length + 1} s${seed} [${score}]` }
    : { text: `Answer: ${seed % 5} [${score}]`, answer: `${seed % 5}` };
};

const byRank = (a: ThoughtNode, b: ThoughtNode) => b.value! - a.value! || a.id - b.id;

describe("beam search", () => {
  it("keeps exactly N/M beams per depth, the best scored, and expands each into M", async () => {
    const events: TreeEvent[] = [];
    const policy = new FakePolicy(hashed);
    const result = await beamSearch({
      problem: "p",
      policy,
      scorer: new FakeScorer(),
      n: 6,
      beamWidth: 2,
      seed: 3,
      onEvent: (e) => events.push(e),
    });
    const nodes = result.tree.nodes;
    const selected = events.flatMap((e) => (e.type === "node-selected" ? [e.id] : []));
    expect(policy.calls.map((c) => c.k)).toEqual([6, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    for (let depth = 1; depth <= 4; depth++) {
      const level = nodes.filter((n) => n.depth === depth);
      expect(level).toHaveLength(6);
      const best3 = [...level]
        .sort(byRank)
        .slice(0, 3)
        .map((n) => n.id);
      expect(selected.filter((id) => nodes[id]!.depth === depth)).toEqual(best3);
      if (depth < 4) {
        expect(
          level
            .filter((n) => n.children.length > 0)
            .map((n) => n.id)
            .sort(),
        ).toEqual([...best3].sort());
        expect(level.every((n) => n.children.length === 0 || n.children.length === 2)).toBe(true);
      }
    }
    const finished = nodes.filter((n) => n.depth === 4).sort(byRank)[0]!;
    expect(result.answer).toBe(finished.answer);
    expect(result.score).toBe(finished.value);
    expect(result.path.map((s) => s.nodeId)).toEqual(
      [1, 2, 3, 4].map((d) => nodes.find((n) => n.chosen && n.depth === d)!.id),
    );
  });

  it("prunes wrong steps by their PRM scores and reaches the right answer", async () => {
    const result = await beamSearch({
      problem: "p",
      policy: new FakePolicy(mathScript),
      scorer: new FakeScorer(),
      n: 6,
      beamWidth: 2,
    });
    expect(result.answer).toBe("42");
    expect(result.path.every((s) => !s.text.includes("wrong"))).toBe(true);
  });

  it("with lookahead, scores a candidate by where its greedy continuation leads, keeping no lookahead nodes", async () => {
    // A looks better now (0.9) but its next step is bad (0.1); B looks worse (0.5) but continues well (0.8).
    const script: Script = (path, seed) => {
      if (path.length === 0) return seed % 2 === 0 ? { text: "A [0.9]" } : { text: "B [0.5]" };
      const a = path[0]!.startsWith("A");
      if (path.length === 1) return { text: a ? "A2 [0.1]" : "B2 [0.8]" };
      return { text: `Answer: ${a ? 1 : 2} [0.5]`, answer: a ? "1" : "2" };
    };
    const run = async (lookahead: number) => {
      const policy = new FakePolicy(script);
      const result = await beamSearch({
        problem: "p",
        policy,
        scorer: new FakeScorer(),
        n: 2,
        beamWidth: 2,
        lookahead,
      });
      return { policy, result };
    };
    expect((await run(0)).result.answer).toBe("1");
    const { policy, result } = await run(1);
    expect(result.answer).toBe("2");
    const probes = policy.calls.filter((c) => c.sampling.temperature === 0);
    // B's two candidates are the same step, merged into one node (count 2): it is probed and scored once.
    expect(probes.map((c) => c.path)).toEqual([["A [0.9]"], ["B [0.5]"], ["B [0.5]", "B2 [0.8]"]]);
    const depth2 = result.tree.nodes.filter((n) => n.depth === 2);
    expect(depth2.map((n) => [n.stepText, n.count])).toEqual([["B2 [0.8]", 2]]); // the probes' steps are not nodes
    expect(result.spent.generatedTokens).toBe(policy.totals.generatedTokens);
  });

  it("rejects a beam width that does not divide n, naming the field", async () => {
    const base = { problem: "p", policy: new FakePolicy(mathScript), scorer: new FakeScorer() };
    await expect(beamSearch({ ...base, n: 6, beamWidth: 4 })).rejects.toMatchObject({ field: "beamWidth" });
    await expect(beamSearch({ ...base, n: 4, beamWidth: 8 })).rejects.toBeInstanceOf(SearchOptionError);
    await expect(beamSearch({ ...base, lookahead: -1 })).rejects.toMatchObject({ field: "lookahead" });
    await expect(beamSearch({ ...base, aggregate: "mean" as "min" })).rejects.toMatchObject({ field: "aggregate" });
    await expect(beamSearch({ problem: "p", policy: base.policy })).rejects.toMatchObject({ field: "scorer" });
  });
});
