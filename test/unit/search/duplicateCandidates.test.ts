import { describe, expect, it } from "vitest";
import { beamSearch } from "../../../src-main/core/search/beamSearch.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { dvts } from "../../../src-main/core/search/dvts.js";
import { mcts } from "../../../src-main/core/search/mcts.js";
import type { SearchResult } from "../../../src-main/core/search/SearchResult.js";
import { selfConsistency } from "../../../src-main/core/search/selfConsistency.js";
import { checkTreeJson } from "../../../src-main/core/tree/checkTreeJson.js";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { TreeFormatError } from "../../../src-main/core/tree/TreeFormatError.js";
import { FakePolicy, type FakeStep, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

/** The same three-step solution whatever the seed: every sample is a duplicate of the first. */
const same: Script = (path) =>
  path.length < 2 ? { text: `Step ${path.length + 1} [0.6]` } : { text: "Answer: 5 [0.6]", answer: "5" };

/** First steps in the order given (one per root candidate, by call order), then what `rest` says. */
function firstSteps(first: readonly FakeStep[], rest: (path: readonly string[]) => FakeStep): Script {
  let i = 0;
  return (path) => (path.length === 0 ? (first[i++ % first.length] as FakeStep) : rest(path));
}

/** Generated tokens the tree accounts for: every node's tokens once per sample merged into it. */
const treeTokens = (r: SearchResult): number => r.tree.nodes.reduce((sum, n) => sum + n.tokenCount * n.count, 0);

describe("identical candidates under one parent are one node that keeps the count", () => {
  it("self-consistency: eight identical samples are one path of nodes with count 8, all tokens charged", async () => {
    const events: TreeEvent[] = [];
    const policy = new FakePolicy(same);
    const result = await selfConsistency({ problem: "p", policy, n: 8, onEvent: (e) => events.push(e) });
    expect(result.tree.nodes.map((n) => [n.depth, n.count])).toEqual([
      [0, 1],
      [1, 8],
      [2, 8],
      [3, 8],
    ]);
    expect(result.answer).toBe("5");
    expect(result.score).toBe(1); // 8 votes of 8
    // Budget stays honest: the merged samples' tokens were generated and are charged; they cost no node.
    expect(result.spent.generatedTokens).toBe(policy.totals.generatedTokens);
    expect(result.spent.generatedTokens).toBe(treeTokens(result));
    expect(result.spent.nodes).toBe(3);
    // Events carry the count: the last node-counted of a node is its count in the tree.
    const counted = new Map<number, number>();
    for (const e of events) if (e.type === "node-counted") counted.set(e.id, e.count);
    expect([...counted]).toEqual([
      [1, 8],
      [2, 8],
      [3, 8],
    ]);
  });

  it("self-consistency votes with the count: three identical samples outvote two distinct ones", async () => {
    const script = firstSteps(
      [{ text: "seven" }, { text: "nine a" }, { text: "seven" }, { text: "nine b" }, { text: "seven" }],
      (path) => ({
        text: `Answer: ${path[0]!.startsWith("seven") ? 7 : 9}`,
        answer: path[0]!.startsWith("seven") ? "7" : "9",
      }),
    );
    const result = await selfConsistency({ problem: "p", policy: new FakePolicy(script), n: 5 });
    expect(result.answer).toBe("7");
    expect(result.score).toBeCloseTo(3 / 5);
    expect(result.tree.nodes.filter((n) => n.depth === 1).map((n) => [n.stepText, n.count])).toEqual([
      ["seven", 3],
      ["nine a", 1],
      ["nine b", 1],
    ]);
  });

  it("best-of-n scores a merged solution once and its weighted vote counts every sample", async () => {
    // 7: three identical samples at 0.3 (sum 0.9); 9: one at 0.5 (the single best).
    const script = firstSteps(
      [{ text: "seven [0.3]" }, { text: "nine [0.5]" }, { text: "seven [0.3]" }, { text: "seven [0.3]" }],
      (path) => {
        const seven = path[0]!.startsWith("seven");
        return { text: `Answer: ${seven ? "7 [0.3]" : "9 [0.5]"}`, answer: seven ? "7" : "9" };
      },
    );
    const run = async (weighted: boolean) => {
      const scorer = new FakeScorer();
      const result = await bestOfN({ problem: "p", policy: new FakePolicy(script), scorer, n: 4, weighted });
      return { result, scorer };
    };
    const { result, scorer } = await run(true);
    expect(scorer.stepCalls).toBe(2);
    expect(result.answer).toBe("7");
    expect(result.score).toBeCloseTo(0.9);
    expect((await run(false)).result.answer).toBe("9");
  });

  it("beam search keeps a distinct beam instead of a second copy of the best one", async () => {
    // Keep 2 of 4 first steps: A three times (0.9) and B once (0.5). B's line ends better (0.7 against 0.6).
    const script = firstSteps(
      [{ text: "A [0.9]" }, { text: "A [0.9]" }, { text: "B [0.5]" }, { text: "A [0.9]" }],
      (path) => {
        const a = path[0]!.startsWith("A");
        return { text: `Answer: ${a ? "1 [0.6]" : "2 [0.7]"}`, answer: a ? "1" : "2" };
      },
    );
    const events: TreeEvent[] = [];
    const result = await beamSearch({
      problem: "p",
      policy: new FakePolicy(script),
      scorer: new FakeScorer(),
      n: 4,
      beamWidth: 2,
      onEvent: (e) => events.push(e),
    });
    const first = result.tree.nodes.filter((n) => n.depth === 1);
    expect(first.map((n) => [n.stepText, n.count])).toEqual([
      ["A [0.9]", 3],
      ["B [0.5]", 1],
    ]);
    expect(first.every((n) => n.children.length > 0)).toBe(true); // both kept
    const selected = events.flatMap((e) => (e.type === "node-selected" ? [e.id] : []));
    expect(selected.slice(0, 2)).toEqual(first.map((n) => n.id));
    expect(result.answer).toBe("2");
  });

  it("beam search still draws N samples a depth when fewer than N/M distinct candidates exist", async () => {
    const policy = new FakePolicy(same);
    const result = await beamSearch({ problem: "p", policy, scorer: new FakeScorer(), n: 8, beamWidth: 2 });
    // One distinct candidate a depth: it fills all four slots, each expanded into 2.
    const byDepth = new Map<number, number>();
    for (const c of policy.calls) byDepth.set(c.path.length, (byDepth.get(c.path.length) ?? 0) + c.k);
    expect([...byDepth]).toEqual([
      [0, 8],
      [1, 8],
      [2, 8],
    ]);
    expect(result.tree.nodes.map((n) => n.count)).toEqual([1, 8, 8, 8]);
    expect(result.answer).toBe("5");
  });

  it("DVTS moves each subtree to a node no other subtree took, when it has one", async () => {
    // Both subtrees expand the root: subtree 0 samples A and B, subtree 1 samples A and C. A is the best.
    const script = firstSteps(
      [{ text: "A [0.9]" }, { text: "B [0.3]" }, { text: "A [0.9]" }, { text: "C [0.5]" }],
      (path) => ({
        text: `Answer: ${path[0]![0]} [0.5]`,
        answer: path[0]![0],
      }),
    );
    const result = await dvts({
      problem: "p",
      policy: new FakePolicy(script),
      scorer: new FakeScorer(),
      n: 4,
      beamWidth: 2,
    });
    const first = result.tree.nodes.filter((n) => n.depth === 1);
    expect(first.map((n) => [n.stepText, n.count])).toEqual([
      ["A [0.9]", 2],
      ["B [0.3]", 1],
      ["C [0.5]", 1],
    ]);
    expect(first.filter((n) => n.children.length > 0).map((n) => n.stepText)).toEqual(["A [0.9]", "C [0.5]"]);
  });

  it("MCTS: an expansion's identical samples are one child each, counted", async () => {
    const script = firstSteps([{ text: "X" }, { text: "Y" }, { text: "X" }, { text: "X" }], () => ({
      text: "Answer: 1",
      answer: "1",
    }));
    const result = await mcts({
      problem: "p",
      policy: new FakePolicy(script),
      scorer: new FakeScorer(),
      iterations: 1,
      width: 4,
    });
    const root = result.tree.nodes[0]!;
    expect(root.children.map((id) => [result.tree.nodes[id]!.stepText, result.tree.nodes[id]!.count])).toEqual([
      ["X", 3],
      ["Y", 1],
    ]);
  });

  it("keeps apart a step cut at the length limit and the finished step that reads the same", () => {
    const tree = new ThoughtTree();
    const step = { stepText: "x = 3", tokenCount: 3, logProb: -1, answer: null };
    tree.addNode(0, { ...step, terminal: false });
    expect(tree.sameChild(0, { stepText: "x = 3", terminal: true })).toBeUndefined();
    expect(tree.sameChild(0, { stepText: "x = 3", terminal: false })?.id).toBe(1);
  });
});

describe("the count in saved trees", () => {
  it("is written in tree JSON, and a tree saved without it reads back with count 1", () => {
    const tree = new ThoughtTree();
    tree.addNode(0, { stepText: "s", tokenCount: 1, logProb: -1, terminal: false, answer: null });
    tree.addSample(1);
    const json = tree.toJSON();
    expect(json.nodes.map((n) => n.count)).toEqual([1, 2]);
    expect(ThoughtTree.fromJSON(JSON.parse(JSON.stringify(json))).node(1).count).toBe(2);
    const old = JSON.parse(JSON.stringify(json)) as { nodes: Record<string, unknown>[] };
    for (const node of old.nodes) delete node.count;
    expect(checkTreeJson(old).nodes.map((n) => n.count)).toEqual([1, 1]);
    expect(old.nodes[0]).not.toHaveProperty("count"); // the document given is left as it was
    const bad = structuredClone(json);
    bad.nodes[1]!.count = 0;
    expect(() => checkTreeJson(bad)).toThrow(TreeFormatError);
    expect(() => checkTreeJson(bad)).toThrow("nodes[1].count");
  });
});
