import { describe, expect, it } from "vitest";
import { anyAnswerCorrect, reachedRightAnswer } from "../../../src-main/core/experiments/anyAnswerCorrect.js";
import { axisDomain, logTicks } from "../../../src-main/core/experiments/axisDomain.js";
import { plotScaling } from "../../../src-main/core/experiments/plotScaling.js";
import { readResultsCsv } from "../../../src-main/core/experiments/readResultsCsv.js";
import { difficultyTable, intervalTable } from "../../../src-main/core/experiments/scalingReport.js";
import { scalingCaption } from "../../../src-main/core/experiments/scalingCaption.js";
import { PASS_AT_N_SERIES, scalingData, scalingSpec } from "../../../src-main/core/experiments/scalingSpec.js";
import { summarizeSweep } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { SweepSetting } from "../../../src-main/core/experiments/sweepSetting.js";
import { wilsonInterval } from "../../../src-main/core/experiments/wilsonInterval.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { resultsCsv } from "../../../src-main/core/store/resultsCsv.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";
import { answerTree } from "../../helpers/thoughtTrees.js";

const tree = answerTree;

function item(problemId: string, strategy: string, budget: number | null, correct: boolean, tokens = 100): RunItem {
  return {
    key: `${problemId}|${strategy}|${budget}`,
    problemId,
    problem: "q",
    strategy,
    budget,
    policy: "mull-policy-6m",
    reference: "2",
    answer: correct ? "2" : "3",
    correct,
    score: null,
    stoppedBy: "complete",
    spent: {
      generatedTokens: tokens,
      evaluatedTokens: strategy === "best-of-n" ? tokens : 0,
      rewardCalls: strategy === "best-of-n" ? 4 : 0,
      nodes: 1,
      ms: 250,
    },
    nonFiniteScores: 0,
    path: [],
    completedAt: "2026-01-01T00:00:00Z",
  };
}

const setting: SweepSetting = {
  set: "test",
  limit: 4,
  problems: 4,
  policies: ["mull-policy-6m"],
  prm: "mull-prm",
  checkArithmetic: true,
  sampling: { temperature: 1, topK: 40, topP: 0.95, minP: 0 },
  seed: 7,
};

/** Four problems of levels 1, 1, 2, 2: greedy right on p1 only; best-of-4 right on p1, p3; some sample right on p1–p3. */
function sweep() {
  const items = [
    item("p1", "greedy", null, true, 60),
    item("p2", "greedy", null, false, 60),
    item("p3", "greedy", null, false, 60),
    item("p4", "greedy", null, false, 60),
    item("p1", "best-of-n", 4, true, 250),
    item("p2", "best-of-n", 4, false, 250),
    item("p3", "best-of-n", 4, true, 250),
    item("p4", "best-of-n", 4, false, 250),
    item("p1", "self-consistency", 4, true, 250),
    item("p2", "self-consistency", 4, false, 250),
    item("p3", "self-consistency", 4, false, 250),
    item("p4", "self-consistency", 4, false, 250),
  ];
  const trees: Record<string, TreeJson> = {
    p1: tree("2", "3"),
    p2: tree("3", "2.0", null),
    p3: tree("2"),
    p4: tree("5", "7"),
  };
  const anyCorrect = new Map(
    items.filter((i) => i.strategy !== "greedy").map((i) => [i.key, anyAnswerCorrect(trees[i.problemId!]!, "2")]),
  );
  const difficulty = new Map([
    ["p1", 1],
    ["p2", 1],
    ["p3", 2],
    ["p4", 2],
  ]);
  return summarizeSweep(items, { anyCorrect, difficulty, setting });
}

describe("wilsonInterval (Wilson 1927)", () => {
  it("gives the textbook 95% intervals and stays inside [0, 1] at 0% and 100%", () => {
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval(10, 10);
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBeLessThanOrEqual(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("narrows as problems are added and refuses counts that are not a proportion", () => {
    const w = (n: number) => wilsonInterval(n / 2, n);
    expect(w(100).high - w(100).low).toBeLessThan(w(10).high - w(10).low);
    expect(() => wilsonInterval(3, 2)).toThrow(/3 successes in 2 trials/);
  });
});

describe("pass@N from the trees", () => {
  it("counts an item when any answer in its tree matches the reference by the answer checker", () => {
    expect(anyAnswerCorrect(tree("3", "2.0"), "2")).toBe(true);
    expect(anyAnswerCorrect(tree("3", null, ""), "2")).toBe(false);
  });

  it("counts an item whose own answer is right though no tree node holds it (an MCTS rollout's answer)", () => {
    const noAnswers = tree("3", null, "");
    expect(reachedRightAnswer({ correct: true, reference: "2" }, noAnswers)).toBe(true);
    expect(reachedRightAnswer({ correct: false, reference: "2" }, noAnswers)).toBe(false);
    expect(reachedRightAnswer({ correct: false, reference: "2" }, tree("2"))).toBe(true);
    expect(reachedRightAnswer({ correct: null, reference: null }, tree("2"))).toBeNull();
  });

  it("gives each checked cell the share of problems with a right sample, with its interval", () => {
    const bon = sweep().cells.find((c) => c.strategy === "best-of-n");
    expect(bon?.accuracy).toBe(0.5);
    expect(bon?.passAtN).toMatchObject({ solved: 3, items: 4, rate: 0.75 });
    expect(bon?.passAtN?.interval).toEqual(wilsonInterval(3, 4));
    expect(bon?.interval).toEqual(wilsonInterval(2, 4));
    // Greedy's trees were not checked: no pass@N rather than a made-up one.
    expect(sweep().cells.find((c) => c.strategy === "greedy")?.passAtN).toBeNull();
  });
});

describe("difficulty panels", () => {
  it("summarises each level's problems apart, levels in order, and leaves problems without a level out", () => {
    const summary = sweep();
    expect(summary.byDifficulty?.map((g) => [g.difficulty, g.problems])).toEqual([
      ["1", 2],
      ["2", 2],
    ]);
    const level2 = summary.byDifficulty?.[1]?.cells.find((c) => c.strategy === "best-of-n");
    expect(level2).toMatchObject({ items: 2, correct: 1, accuracy: 0.5 });
    const partial = summarizeSweep([item("p1", "greedy", null, true), item("p9", "greedy", null, true)], {
      difficulty: new Map([["p1", 3]]),
    });
    expect(partial.byDifficulty).toEqual([expect.objectContaining({ difficulty: "3", problems: 1 })]);
    expect(summarizeSweep([item("p1", "greedy", null, true)]).byDifficulty).toEqual([]);
  });
});

describe("the x axis fitted to the data", () => {
  it("ends just past the data on a log axis, not at the next power of ten", () => {
    const [lo, hi] = axisDomain([60, 270, 1200], true)!;
    expect(lo).toBeGreaterThan(50);
    expect(lo).toBeLessThan(60);
    expect(hi).toBeGreaterThan(1200);
    expect(hi).toBeLessThan(1400);
    expect(logTicks([lo, hi])).toEqual([100, 200, 500, 1000]);
  });

  it("ignores what a log axis cannot show and says when nothing can be drawn", () => {
    expect(axisDomain([0, 10, 40], true)![0]).toBeGreaterThan(5);
    expect(axisDomain([0, -1], true)).toBeUndefined();
    expect(axisDomain([0.2, 0.8], false)).toEqual([expect.closeTo(0.17, 5), expect.closeTo(0.83, 5)]);
    expect(logTicks([0.05, 3])).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
  });
});

describe("scalingSpec: the one plot of the CLI's SVG, the Experiments view and docs", () => {
  it("has the greedy line and its band, pass@N, error bars, one panel per level and the fitted domain", () => {
    const summary = sweep();
    const data = scalingData(summary, "generated-tokens");
    expect(data.panels).toEqual(["all 4 problems", "difficulty 1 (2 problems)", "difficulty 2 (2 problems)"]);
    expect(data.rows.filter((r) => r.kind === "greedy").map((r) => [r.panel, r.accuracy])).toEqual([
      ["all 4 problems", 0.25],
      ["difficulty 1 (2 problems)", 0.5],
      ["difficulty 2 (2 problems)", 0],
    ]);
    const ceiling = data.rows.find((r) => r.kind === "pass@N" && r.panel === "all 4 problems");
    expect(ceiling).toMatchObject({ series: PASS_AT_N_SERIES, accuracy: 0.75, x: 250, budget: 4 });
    expect(data.rows.filter((r) => r.kind === "pass@N")).toHaveLength(3); // from best-of-n only, one per panel
    expect(data.domain).toEqual([125, 500]); // every point at 250 tokens: a factor 2 either side

    const spec = scalingSpec(summary, { x: "generated-tokens" }) as unknown as {
      facet: { field: string; sort: string[] };
      spec: { layer: { name: string; mark: { type: string }; encoding: Record<string, { field?: string }> }[] };
      title: { text: string; subtitle: string[] };
    };
    const layers = Object.fromEntries(spec.spec.layer.map((l) => [l.name, l]));
    expect(layers.greedy_line?.mark.type).toBe("rule");
    expect(layers.greedy_band?.encoding.y2?.field).toBe("high");
    expect(layers.intervals?.mark.type).toBe("errorbar");
    expect(layers.intervals?.encoding.y?.field).toBe("low");
    expect(spec.facet).toMatchObject({ field: "panel", sort: data.panels });
    expect(spec.title.text).toBe("Accuracy vs generated tokens");
    expect(spec.title.subtitle.join("\n")).toContain(
      "policy mull-policy-6m · PRM mull-prm (PRM gated by the arithmetic step checker) · test set, first 4 problems",
    );
    expect(spec.title.subtitle.join("\n")).toContain("temperature 1, top-k 40, top-p 0.95, min-p 0 · seed 7");
  });

  it("changes the axis with the x choice and says which series a log axis cannot show", () => {
    const summary = sweep();
    const calls = scalingData(summary, "reward-calls");
    // Self-consistency makes no reward calls: left out, and the caption says so.
    expect(calls.rows.some((r) => r.series === "self-consistency")).toBe(false);
    expect(calls.notes.join()).toContain("self-consistency");
    const time = scalingSpec(summary, { x: "wall-time" }) as unknown as {
      spec: { layer: { name: string; encoding: { x?: { axis?: { title?: string } } } }[] };
    };
    expect(time.spec.layer.find((l) => l.name === "curves")?.encoding.x?.axis?.title).toBe(
      "mean wall time per problem, seconds (log scale)",
    );
    expect(scalingData(summary, "wall-time").rows.find((r) => r.kind === "strategy")?.x).toBe(0.25);
  });

  it("says when there is no greedy line and words a sweep of the whole set", () => {
    const summary = summarizeSweep([item("p1", "best-of-n", 4, true)]);
    expect(scalingData(summary, "generated-tokens").notes).toContain(
      "no greedy line: greedy was not among the sweep's strategies",
    );
    expect(scalingCaption({ ...setting, limit: null, problems: 591, checkArithmetic: false })[0]).toBe(
      "policy mull-policy-6m · PRM mull-prm (no gate) · test set, all 591 problems",
    );
  });

  it("renders to an SVG with the greedy label, pass@N, the caption and the difficulty panels", async () => {
    const svg = await plotScaling(sweep());
    expect(svg).toContain("greedy 25.0%");
    expect(svg).toContain(PASS_AT_N_SERIES);
    expect(svg).toContain("95% Wilson intervals over problems");
    expect(svg).toContain("difficulty 2 (2 problems)");
    expect(svg).toContain("mean generated tokens per problem (log scale)");
    // The fitted axis: ticks at 100 and 200, none at 1k or 10k.
    expect(svg).not.toMatch(/>10k</);
    expect(svg).not.toMatch(/>1k</);
  }, 20_000);
});

describe("docs/scaling.md's tables and the committed sweeps' results.csv", () => {
  it("reads results.csv back into items that summarise as the sweep did", () => {
    const items = [item("p1", "greedy", null, true, 60), item("p2", "beam", 4, false)];
    const csv = resultsCsv.of(items.map((i) => ({ ...i, answer: 'say "1,000"', distinctAnswers: 2 })));
    const back = readResultsCsv(csv);
    expect(back.map((i) => [i.key, i.budget, i.correct, i.answer, i.spent.generatedTokens, i.distinctAnswers])).toEqual(
      [
        ["mull-policy-6m|p1|greedy|-", null, true, 'say "1,000"', 60, 2],
        ["mull-policy-6m|p2|beam|4", 4, false, 'say "1,000"', 100, 2],
      ],
    );
    expect(summarizeSweep(back).cells.map((c) => c.accuracy)).toEqual([0, 1]);
    expect(() => readResultsCsv("policy,strategy\nx,greedy\n")).toThrow("results.csv has no problem_id column");
  });

  it("gives each cell its interval and pass@N, and each level its accuracy", () => {
    const table = intervalTable(sweep());
    expect(table).toContain("| best-of-n b=4 | 50.0% [15–85] | 75.0% [30–95] | 250 | 250 | 4.0 | 0.25 |");
    expect(table).toContain("| greedy | 25.0% [5–70] | – |");
    const levels = difficultyTable(sweep());
    expect(levels.split("\n")[0]).toBe("| cell | difficulty 1 (2) | difficulty 2 (2) |");
    expect(levels).toContain("| greedy | 50.0% [9–91] | 0.0% [0–66] |");
    expect(difficultyTable(summarizeSweep([item("p1", "greedy", null, true)]))).toBe("");
  });
});
