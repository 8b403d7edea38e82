import { describe, expect, it } from "vitest";
import { beamSearch } from "../../../src-main/core/search/beamSearch.js";
import { bestOfN } from "../../../src-main/core/search/bestOfN.js";
import { candidateTable } from "../../../src-main/core/search/candidateTable.js";
import { rolloutOnly, winnerScore, winnerScoreText } from "../../../src-main/core/search/candidateWords.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import { dvts } from "../../../src-main/core/search/dvts.js";
import { greedy } from "../../../src-main/core/search/greedy.js";
import { mcts } from "../../../src-main/core/search/mcts.js";
import { selfConsistency } from "../../../src-main/core/search/selfConsistency.js";
import { stopSentence } from "../../../src-main/core/search/stopSentence.js";
import { itemCandidates } from "../../../src-main/core/store/itemCandidates.js";
import { toRunItem } from "../../../src-main/core/store/toRunItem.js";
import { chain, chainScript } from "./chainScript.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";
import { mathOutcome, mathScript } from "./mathScript.js";
import { thoughtNode } from "../../helpers/thoughtTrees.js";

// Six samples: 5 three times ("5.0" votes with "5"), 9 twice, 7 once (the single best score), one without an answer.
const votes = [
  chain("5", 0.3),
  chain("9", 0.5),
  chain("5", 0.3),
  chain("7", 0.6),
  chain("9", 0.5),
  chain("5.0", 0.3),
  chain(undefined, 0.1),
];
const policy = () => new FakePolicy(chainScript(votes));
const answers = (t: ReturnType<typeof candidateTable>) => t.rows.map((r) => [r.answer, r.count, r.winner]);

describe("candidateTable", () => {
  it("self-consistency: one row per answer with its votes and share, grouped as the vote groups them", async () => {
    const result = await selfConsistency({ problem: "p", policy: policy(), n: 7 });
    const table = candidateTable({ result, options: { n: 7 }, reference: "5" });
    expect(result.answer).toBe("5");
    expect(answers(table)).toEqual([
      ["5", 3, true],
      ["9", 2, false],
      ["7", 1, false],
      [null, 1, false],
    ]);
    expect(table.total).toBe(7);
    expect(table.rows[0]?.score).toBeCloseTo(3 / 6); // the vote share of the 6 votes cast, as the vote counts it
    expect(table.rows[0]?.score).toBeCloseTo(result.score ?? 0);
    expect(table.rows[0]?.share).toBeCloseTo(3 / 7); // of all 7 samples
    expect(table.rows.map((r) => r.correct)).toEqual([true, false, false, null]);
    expect(table.rule).toBe("Self-consistency@7 picks the answer most of its 7 samples reach (majority vote).");
    expect(table.scoreLabel).toBe("vote share");
  });

  it("best-of-n: the best PRM score of each answer decides, and the winner is the result's answer", async () => {
    const result = await bestOfN({ problem: "p", policy: policy(), scorer: new FakeScorer(), n: 7, aggregate: "min" });
    const table = candidateTable({ result, options: { n: 7, aggregate: "min" } });
    expect(result.answer).toBe("7");
    expect(answers(table)).toEqual([
      ["7", 1, true],
      ["9", 2, false],
      ["5", 3, false],
      [null, 1, false],
    ]);
    expect(table.rows.map((r) => r.score)).toEqual([0.6, 0.5, 0.3, null]);
    expect(table.rule).toBe("Best-of-7 picks the sample with the highest PRM score (weakest step).");
    expect(table.rows[0]?.correct).toBeNull(); // no reference given
  });

  it("best-of-n weighted: each answer's score sum, counted once per sample", async () => {
    const options = { n: 7, weighted: true } as const;
    const result = await bestOfN({ problem: "p", policy: policy(), scorer: new FakeScorer(), ...options });
    const table = candidateTable({ result, options });
    expect(result.answer).toBe("9");
    expect(table.rows.map((r) => [r.answer, r.score])).toEqual([
      ["9", 1.0],
      ["5", expect.closeTo(0.9) as unknown],
      ["7", 0.6],
      [null, null],
    ]);
    expect(table.rule).toContain("weighted voting");
  });

  it("counts merged identical samples once per sample", async () => {
    // Every sample writes the same one-step solution: one node with count 5.
    const same: Script = () => ({ text: "Answer: 3", answer: "3" });
    const result = await selfConsistency({ problem: "p", policy: new FakePolicy(same), n: 5 });
    expect(result.tree.nodes).toHaveLength(2);
    const table = candidateTable({ result, options: { n: 5 } });
    expect(answers(table)).toEqual([["3", 5, true]]);
    expect(table.rows[0]?.share).toBe(1);
  });

  it("greedy: its one answer", async () => {
    const result = await greedy({ problem: "p", policy: new FakePolicy(mathScript) });
    const table = candidateTable({ result, reference: "42" });
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ answer: result.answer, count: 1, winner: true, score: null });
    expect(table.scoreLabel).toBeNull();
  });

  it("beam search: the finished beams the search chose among (the pool), not every answer in the tree", async () => {
    const options = { n: 4, beamWidth: 2 };
    const result = await beamSearch({
      problem: "p",
      policy: new FakePolicy(mathScript),
      scorer: new FakeScorer(),
      ...options,
    });
    const table = candidateTable({ result, options, reference: "42" });
    const pool = result.pool ?? [];
    expect(pool.length).toBeGreaterThan(0);
    expect(table.total).toBe(pool.reduce((s, c) => s + c.count, 0));
    expect(table.rows.filter((r) => r.winner).map((r) => r.answer)).toEqual([result.answer]);
    const best = Math.max(...pool.map((c) => c.score ?? -1));
    expect(table.rows[0]?.score).toBe(best);
    expect(table.countLabel).toBe("samples in finished beams");
  });

  it("dvts: one vote per subtree", async () => {
    const options = { n: 4, beamWidth: 2 };
    const result = await dvts({
      problem: "p",
      policy: new FakePolicy(mathScript),
      scorer: new FakeScorer(),
      ...options,
    });
    const table = candidateTable({ result, options });
    expect(table.total).toBe(2);
    expect(table.rows.some((r) => r.winner && r.answer === result.answer)).toBe(true);
  });

  it("mcts with rollouts: leaves grouped by their rollout's answer, with visits and mean value", async () => {
    const options = { iterations: 12, width: 3, value: "rollout" } as const;
    const scorer = new FakeScorer({ outcome: mathOutcome });
    const result = await mcts({ problem: "p", policy: new FakePolicy(mathScript), scorer, ...options });
    const table = candidateTable({ result, options, reference: "42" });
    expect(result.pool?.length).toBeGreaterThan(0);
    const winner = table.rows.find((r) => r.winner);
    expect(winner?.answer).toBe(result.answer);
    for (const row of table.rows) expect(row.visits).toBeGreaterThan(0);
    const right = table.rows.find((r) => r.answer === "42");
    expect(right?.correct).toBe(true);
    expect(right?.score).toBe(1); // mathOutcome gives every rollout that reached 42 a 1
    expect(table.scoreLabel).toBe("mean value");
  });

  it("mcts: counts leaves (not the tree's ×k), marks answers only rollouts reached, and the headline uses the winner row", () => {
    // The tryout's tree (MCTS, value rollout, 16 iterations, "Compute 13 - (11 - 3 * 6)."): the tree draws
    // "20 ×4" and "13 ×4" (four identical answer steps merged into one node each); node 5's rollout reached 20 and
    // node 2's reached 12, which no tree node shows.
    const node = (id: number, parent: number | null, extra: Partial<ThoughtNode>): ThoughtNode =>
      thoughtNode(id, parent, { stepText: `step ${id}`, ...extra });
    const nodes = [
      node(0, null, { visits: 16, value: 0.754, children: [1], chosen: true }),
      node(1, 0, { count: 4, visits: 16, value: 0.754, children: [2, 3, 4, 5], chosen: true }),
      node(2, 1, { depth: 2, visits: 1, value: 0.338 }),
      node(3, 1, { depth: 2, visits: 9, value: 0.813, children: [6], chosen: true }),
      node(4, 1, { depth: 2, visits: 4, value: 0.869, children: [8] }),
      node(5, 1, { depth: 2, visits: 1, value: 0.244 }),
      node(6, 3, { depth: 3, count: 4, visits: 8, value: 0.813, children: [7], chosen: true }),
      node(7, 6, { depth: 4, count: 4, visits: 7, value: 0.813, terminal: true, answer: "20", chosen: true }),
      node(8, 4, { depth: 3, count: 4, visits: 3, value: 0.869, children: [9] }),
      node(9, 8, { depth: 4, count: 4, visits: 2, value: 0.869, terminal: true, answer: "13" }),
    ];
    const pool = [
      { leaf: 2, answer: "12", score: 0.338, count: 1 },
      { leaf: 5, answer: "20", score: 0.244, count: 1 },
    ];
    const result = {
      strategy: "mcts" as const,
      answer: "20",
      stoppedBy: "complete" as const,
      tree: { format: "mull-thought-tree" as const, version: 1 as const, nodes },
      pool,
    };
    const table = candidateTable({ result, options: { iterations: 16, value: "rollout" }, reference: "20" });
    expect(table.countLabel).toBe("visited leaves");
    expect(table.rows.map((r) => [r.answer, r.count, r.rollouts, r.visits, rolloutOnly(r)])).toEqual([
      ["20", 2, 1, 8, false], // the "Answer: 20" node (drawn ×4: its count, not leaves) and node 5's rollout
      ["13", 1, 0, 2, false],
      ["12", 1, 1, 1, true], // no tree node says 12: only node 2's rollout reached it
    ]);
    // What the tree labels (×k, a node's count) is not what the table counts: every row's tree leaves are the
    // visited answer nodes of that answer, each counted once however many identical steps it merged.
    for (const row of table.rows) {
      const inTree = nodes.filter((n) => n.answer === row.answer && n.visits > 0 && n.children.length === 0);
      expect((row.count ?? 0) - (row.rollouts ?? 0)).toBe(inTree.length);
      expect(rolloutOnly(row)).toBe(inTree.length === 0);
    }
    // The headline's score is the winner row's, under the same name: the visit-weighted mean (7 × 0.813 + 0.244) / 8.
    const winner = table.rows[0];
    expect(winner?.score).toBeCloseTo((7 * 0.813 + 0.244) / 8, 6);
    expect(winnerScore(table)).toEqual({ label: "mean value", score: winner?.score, visits: 8 });
    expect(winnerScoreText(table)).toBe(`mean value ${(winner?.score ?? 0).toFixed(3)} over 8 visits`);
    expect(winner?.correct).toBe(true);
    expect(table.rows.slice(1).map((r) => r.correct)).toEqual([false, false]);
  });

  it("the headline names the winner row's score for other strategies, and none for greedy", async () => {
    const options = { n: 7 } as const;
    const result = await bestOfN({ problem: "p", policy: policy(), scorer: new FakeScorer(), ...options });
    const table = candidateTable({ result, options });
    expect(winnerScoreText(table)).toBe(`best PRM score (last step) ${result.score?.toFixed(3)}`);
    expect(table.rows.every((r) => r.rollouts === null && !rolloutOnly(r))).toBe(true);
    const greedyResult = await greedy({ problem: "p", policy: policy() });
    expect(winnerScoreText(candidateTable({ result: greedyResult }))).toBeNull();
  });

  it("paths that never answered are one row of their own, never an answer, and there is no winner", async () => {
    // Every sample writes steps and never an answer; the depth limit (2) ends the chains.
    const never: Script = (path) => ({ text: `Step ${path.length + 1}` });
    const result = await selfConsistency({ problem: "p", policy: new FakePolicy(never), n: 3, maxDepth: 2 });
    const table = candidateTable({ result, options: { n: 3 } });
    expect(result.answer).toBeNull();
    expect(table.rows.map((r) => [r.answer, r.count, r.score])).toEqual([[null, 3, null]]);
    expect(table.rows.some((r) => r.winner)).toBe(false);
  });

  it("best-of-n where no sample answered: the rule says there is nothing to pick, not an unverified majority", async () => {
    const never: Script = (path) => ({ text: `Step ${path.length + 1}` });
    const scorer = new FakeScorer();
    const result = await bestOfN({ problem: "p", policy: new FakePolicy(never), scorer, n: 4, maxDepth: 2 });
    const table = candidateTable({ result, options: { n: 4 } });
    expect(result.answer).toBeNull();
    expect(table.rule).toBe("Best-of-4 has no answer to pick: no sample reached an answer before the search stopped.");
    expect(table.rule).not.toMatch(/picks the answer/);
    expect(table.rows.map((r) => [r.answer, r.count, r.winner])).toEqual([[null, 4, false]]);
  });
});

describe("itemCandidates", () => {
  it("gives an item saved without a table (an older run, a sweep item) the one its tree and settings give", async () => {
    const options = { n: 7, aggregate: "min" } as const;
    const result = await bestOfN({ problem: "p", policy: policy(), scorer: new FakeScorer(), ...options });
    const context = { key: "solve", problemId: null, problem: "p", budget: null, policy: "fake", reference: "7" };
    const item = toRunItem(result, context);
    expect(item.candidates).toBeUndefined();
    const loaded = itemCandidates(item, result.tree, { strategy: "best-of-n", options, caps: {} });
    expect(loaded.candidates).toEqual(candidateTable({ result, options, caps: {}, reference: "7" }));
    expect(loaded.candidates?.rows[0]).toMatchObject({ answer: "7", winner: true, correct: true });
    // A sweep item: no options in the config, its budget is n.
    const swept = itemCandidates({ ...item, budget: 7 }, result.tree, { set: "test" });
    expect(swept.candidates?.rule).toBe("Best-of-7 picks the sample with the highest PRM score (last step).");
  });
});

describe("stopSentence", () => {
  it("names the cap and its value as a sentence", () => {
    expect(stopSentence("generatedTokens", { generatedTokens: 4000 }, false)).toBe(
      "Stopped: the generated-token cap (4,000) was reached before any path answered.",
    );
    expect(stopSentence("ms", { ms: 2500 }, true)).toBe(
      "Stopped: the wall-time cap (2.5 s) was reached; the answer is the best found by then.",
    );
    expect(stopSentence("complete", {}, true)).toBe("Finished: the search ran to its end.");
  });
});
