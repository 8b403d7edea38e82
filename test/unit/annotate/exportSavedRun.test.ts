import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { zeroAnnotationCost, type AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import { exportSavedRun, ExportRefusal } from "../../../src-main/core/annotate/exports/exportSavedRun.js";
import { exportSchemas, type ExportFormat } from "../../../src-main/core/annotate/exports/exportSchemas.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";

const policy = join(import.meta.dirname, "../../../models/mull-policy-2m.profile.json");
const problem = "What is 2 + 3 * 4?";

function item(overrides: Partial<RunItem> = {}): RunItem {
  return {
    key: "solve",
    problemId: null,
    problem,
    strategy: "best-of-n",
    budget: null,
    policy: "mull-policy-2m",
    reference: "14",
    answer: "14",
    correct: true,
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 30, evaluatedTokens: 30, rewardCalls: 3, nodes: 6, ms: 5 },
    nonFiniteScores: 0,
    path: [
      { text: "3 * 4 = 12.", score: 0.9 },
      { text: "Answer: 14", score: 0.9 },
    ],
    completedAt: "2026-12-01T00:00:00.000Z",
    ...overrides,
  };
}

/** A tree from [id, parent, text, extra] rows; children and depths filled in. */
function tree(rows: [number, number | null, string, Partial<ThoughtNode>?][]): TreeJson {
  const nodes: ThoughtNode[] = rows.map(([id, parent, stepText, extra]) => ({
    id,
    parent,
    stepText,
    tokenCount: 3,
    logProb: -1,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: false,
    answer: null,
    depth: 0,
    children: [],
    chosen: false,
    ...extra, // prettier-ignore
  }));
  for (const n of nodes)
    if (n.parent !== null) {
      const p = nodes[n.parent] as ThoughtNode;
      p.children.push(n.id);
      n.depth = p.depth + 1;
    }
  return { format: "mull-thought-tree", version: 1, nodes };
}

// Three finished samples: two reach 14 through "3 * 4 = 12.", one reaches 20 through "2 + 3 = 5.".
const sampled = tree([
  [0, null, ""],
  [1, 0, "3 * 4 = 12."],
  [2, 1, "Answer: 14", { terminal: true, answer: "14", count: 2 }],
  [3, 0, "2 + 3 = 5."],
  [4, 3, "5 * 4 = 20."],
  [5, 4, "Answer: 20", { terminal: true, answer: "20" }],
]);

// An MCTS tree valued by the PRM: no finished leaf, values on the visited nodes.
const mcts = tree([
  [0, null, "", { visits: 8, value: 0.6 }],
  [1, 0, "3 * 4 = 12.", { visits: 5, value: 0.8 }],
  [2, 0, "2 + 3 = 5.", { visits: 3, value: 0.3 }],
  [3, 2, "Answer: 20", { terminal: true, answer: "20", visits: 1, value: 0.2 }],
]);

function store(): RunStore {
  return RunStore.open({ file: join(mkdtempSync(join(tmpdir(), "mull-export-run-")), "mull.db") });
}

function solveRun(s: RunStore, it: RunItem, t?: TreeJson, config: unknown = { problem, policy }): number {
  const id = s.createRun({ kind: "solve", config });
  s.saveItem(id, it, t);
  s.finishRun(id, "done");
  return id;
}

/** Every row of an export checked by its format's schema. */
function valid(format: ExportFormat, rows: unknown[]): void {
  for (const row of rows) expect(exportSchemas[format].safeParse(row).success).toBe(true);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ExportRefusal);
    return (e as Error).message;
  }
  throw new Error("not refused");
}

describe("exportSavedRun: a saved run (real SQLite store) as training rows", () => {
  it("labels by outcomes against the reference, prompting as the run's policy profile does", () => {
    const s = store();
    const id = solveRun(s, item(), sampled);
    const prm = exportSavedRun(s, id, "trl-prm");
    expect(prm.items).toEqual([expect.objectContaining({ key: "solve", source: "outcomes" })]);
    expect(prm.rows).toEqual([
      { prompt: problem, completions: ["3 * 4 = 12.", "Answer: 14"], labels: [true, true] },
      { prompt: problem, completions: ["2 + 3 = 5."], labels: [false] },
    ]);
    const sft = exportSavedRun(s, id, "sft");
    expect(sft.rows).toEqual([{ prompt: `Problem: ${problem}\n`, completion: "3 * 4 = 12.\nAnswer: 14" }]);
    const dpo = exportSavedRun(s, id, "dpo");
    expect(dpo.rows).toEqual([
      {
        prompt: `Problem: ${problem}\n`,
        chosen: "3 * 4 = 12.\nAnswer: 14",
        rejected: "2 + 3 = 5.\n5 * 4 = 20.\nAnswer: 20",
      },
    ]);
    for (const f of ["trl-prm", "math-shepherd", "sft", "dpo"] as const) valid(f, exportSavedRun(s, id, f).rows);
    s.close();
  });

  it("prefers an annotation saved with the run", () => {
    const s = store();
    const id = solveRun(s, item(), sampled);
    const annotated: AnnotatedSolution = {
      problemId: `run-${id}/solve`,
      problem,
      reference: "14",
      steps: ["3 * 4 = 12.", "Answer: 14"],
      answer: "14",
      correct: true,
      method: "omega",
      soft: [null, 1],
      hard: [null, 1],
      rolloutsPerStep: [0, 0],
      firstError: null,
      cost: zeroAnnotationCost(), // prettier-ignore
    };
    s.saveAnnotation(id, "solve", [annotated]);
    const result = exportSavedRun(s, id, "trl-prm");
    expect(result.items[0]).toMatchObject({ source: "annotation", method: "omega" });
    expect(result.rows).toEqual([{ prompt: problem, completions: annotated.steps, labels: [true, true] }]);
    s.close();
  });

  it("adds the chosen path when the tree does not hold it finished (MCTS ends by a rollout)", () => {
    const s = store();
    const rolledOut = item({ strategy: "mcts", answer: "14", path: [{ text: "3 * 4 = 12.", score: 0.8 }, { text: "Answer: 14", score: null }] }); // prettier-ignore
    const id = solveRun(s, rolledOut, mcts);
    expect(exportSavedRun(s, id, "sft").rows).toEqual([
      { prompt: `Problem: ${problem}\n`, completion: "3 * 4 = 12.\nAnswer: 14" },
    ]);
    // An item saved with no tree at all is its own path.
    const bare = solveRun(s, item());
    expect(exportSavedRun(s, bare, "trl-prm").rows).toHaveLength(1);
    s.close();
  });

  it("without a reference, an MCTS tree's values label steps (the PRM's verdict, value ≥ 0.5); sft and dpo are refused", () => {
    const s = store();
    const answered = [
      { text: "2 + 3 = 5.", score: 0.3 },
      { text: "Answer: 20", score: 0.2 },
    ];
    const id = solveRun(
      s,
      item({ strategy: "mcts", reference: null, correct: null, answer: "20", path: answered }),
      mcts,
    );
    const result = exportSavedRun(s, id, "trl-prm");
    expect(result.items[0]?.source).toBe("mcts");
    // trl-prm cuts a row after its first wrong step; math-shepherd labels the whole path, answer line included.
    expect(result.rows).toEqual([{ prompt: problem, completions: ["2 + 3 = 5."], labels: [false] }]);
    expect(exportSavedRun(s, id, "math-shepherd").rows.map((r) => r.label)).toEqual([
      `${problem} 2 + 3 = 5. -\nAnswer: 20 -`,
    ]);
    // A path finished by the closing rollout has steps MCTS never valued: it is left out, not cut to a partial row.
    const rolledOut = solveRun(s, item({ strategy: "mcts", reference: null, correct: null }), mcts);
    expect(exportSavedRun(s, rolledOut, "trl-prm").rows).toEqual([
      { prompt: problem, completions: ["2 + 3 = 5."], labels: [false] },
    ]);
    expect(exportSavedRun(s, rolledOut, "trl-prm").solutions).toBe(1);
    expect(refusal(() => exportSavedRun(s, id, "dpo"))).toBe(
      `run ${id} cannot be exported as dpo: it has no reference answer to tell correct solutions from wrong ones (its labels are MCTS values only)`,
    );
    s.close();
  });

  it("without a reference, an MCTS tree with no path valued down to its answer is refused, not exported partial", () => {
    const s = store();
    // The answer node was generated but never visited, and the chosen path ends by a rollout: no finished path is
    // valued at every step.
    const unvalued = tree([
      [0, null, "", { visits: 4, value: 0.6 }],
      [1, 0, "3 * 4 = 12.", { visits: 3, value: 0.8 }],
      [2, 1, "Answer: 14", { terminal: true, answer: "14" }],
    ]);
    const rolledOut = item({
      strategy: "mcts",
      reference: null,
      correct: null,
      answer: "15",
      path: [{ text: "3 * 4 = 12.", score: 0.8 }, { text: "Answer: 15", score: null }], // prettier-ignore
    });
    const id = solveRun(s, rolledOut, unvalued);
    for (const format of ["trl-prm", "math-shepherd"] as const)
      expect(refusal(() => exportSavedRun(s, id, format))).toBe(
        `run ${id} has no step labels for ${format}: no path of its MCTS tree is valued down to an answer (an answer reached by the closing rollout has steps with no value), and unfinished paths are not exported`,
      );
    expect(refusal(() => exportSavedRun(s, id, "sft"))).toBe(
      `run ${id} cannot be exported as sft: it has no reference answer to tell correct solutions from wrong ones (its labels are MCTS values only)`,
    );
    s.close();
  });

  it("refuses, in one line naming the run, what it cannot export", () => {
    const s = store();
    expect(refusal(() => exportSavedRun(s, 999, "sft"))).toBe("run 999 does not exist");
    const noReference = solveRun(s, item({ reference: null, correct: null }), sampled);
    expect(refusal(() => exportSavedRun(s, noReference, "trl-prm"))).toBe(
      `run ${noReference} has no step labels for trl-prm: no annotation saved with it, no reference answer to judge its answers by, and no MCTS tree`,
    );
    expect(refusal(() => exportSavedRun(s, noReference, "dpo"))).toMatch(/no reference answer to tell correct/);
    const allRight = solveRun(s, item({ path: [{ text: "Answer: 14", score: 0.9 }] }), tree([[0, null, ""], [1, 0, "Answer: 14", { terminal: true, answer: "14" }]])); // prettier-ignore
    expect(refusal(() => exportSavedRun(s, allRight, "dpo"))).toBe(
      `run ${allRight} cannot be exported as dpo: none of its solutions is wrong (1 correct, 0 wrong)`,
    );
    const allWrong = solveRun(s, item({ answer: "20", correct: false, path: [{ text: "Answer: 20", score: 0.1 }] }));
    expect(refusal(() => exportSavedRun(s, allWrong, "dpo"))).toBe(
      `run ${allWrong} cannot be exported as dpo: none of its solutions is correct (0 correct, 1 wrong)`,
    );
    expect(refusal(() => exportSavedRun(s, allWrong, "sft"))).toBe(
      `run ${allWrong} cannot be exported as sft: its one solution does not reach the reference answer`,
    );
    const unfinished = solveRun(
      s,
      item({ answer: null, correct: false }),
      tree([
        [0, null, ""],
        [1, 0, "3 * 4"],
      ]),
    );
    expect(refusal(() => exportSavedRun(s, unfinished, "trl-prm"))).toBe(
      `run ${unfinished} has no finished solution to export: its search reached no answer`,
    );
    const lostProfile = solveRun(s, item(), sampled, { problem, policy: "/gone/p.profile.json" });
    expect(refusal(() => exportSavedRun(s, lostProfile, "sft"))).toMatch(
      new RegExp(`^run ${lostProfile}: cannot read the policy profile it ran with, /gone/p\\.profile\\.json`),
    );
    const read = s.createRun({ kind: "read", config: {} });
    expect(refusal(() => exportSavedRun(s, read, "sft"))).toBe(
      `run ${read} is a read run: only solve, compare and sweep runs have steps to export`,
    );
    const empty = s.createRun({ kind: "solve", config: { problem, policy } });
    expect(refusal(() => exportSavedRun(s, empty, "sft"))).toBe(`run ${empty} has no finished item to export`);
    s.close();
  });

  it("a compare prompts each column as its own policy saw it", () => {
    const s = store();
    const other = join(mkdtempSync(join(tmpdir(), "mull-profile-")), "other.profile.json");
    writeFileSync(other, JSON.stringify({ kind: "policy", model: "x.gguf", prompt: "Q: {problem}\nA:", stepDelimiter: "\n\n", answerPattern: "^Answer: (.+)$" })); // prettier-ignore
    const id = s.createRun({ kind: "compare", config: { problem, policies: [policy, other] } });
    s.saveItem(id, item({ key: "0:mull-policy-2m" }), sampled);
    s.saveItem(id, item({ key: "1:other", policy: "other" }), sampled);
    expect(exportSavedRun(s, id, "sft").rows).toEqual([
      { prompt: `Problem: ${problem}\n`, completion: "3 * 4 = 12.\nAnswer: 14" },
      { prompt: `Q: ${problem}\nA:`, completion: "3 * 4 = 12.\n\nAnswer: 14" },
    ]);
    s.close();
  });

  it("dpo pairs across the columns of a compare whose policies prompt alike, and names why when they do not", () => {
    const s = store();
    const policy6m = join(import.meta.dirname, "../../../models/mull-policy-6m.profile.json");
    const other = join(mkdtempSync(join(tmpdir(), "mull-profile-")), "other.profile.json");
    writeFileSync(other, JSON.stringify({ kind: "policy", model: "x.gguf", prompt: "Q: {problem}\nA:", stepDelimiter: "\n", answerPattern: "^Answer: (.+)$" })); // prettier-ignore
    const oneRight = tree([[0, null, ""], [1, 0, "3 * 4 = 12."], [2, 1, "Answer: 14", { terminal: true, answer: "14" }]]); // prettier-ignore
    const twoWrong = tree([
      [0, null, ""],
      [1, 0, "2 + 3 = 5."],
      [2, 1, "Answer: 20", { terminal: true, answer: "20" }],
      [3, 0, "Answer: 9", { terminal: true, answer: "9" }],
    ]);
    const wrongItem = (key: string, policyName: string) =>
      item({ key, policy: policyName, answer: "20", correct: false, path: [{ text: "2 + 3 = 5.", score: 0.5 }, { text: "Answer: 20", score: 0.2 }] }); // prettier-ignore
    // 2M found the one correct solution, 6M only wrong ones: the same prompt, so one policy's right pairs with the other's wrong.
    const alike = s.createRun({ kind: "compare", config: { problem, policies: [policy, policy6m] } });
    s.saveItem(alike, item({ key: "0:mull-policy-2m" }), oneRight);
    s.saveItem(alike, wrongItem("1:mull-policy-6m", "mull-policy-6m"), twoWrong);
    const pairs = exportSavedRun(s, alike, "dpo").rows;
    expect(pairs).toEqual([
      { prompt: `Problem: ${problem}\n`, chosen: "3 * 4 = 12.\nAnswer: 14", rejected: "2 + 3 = 5.\nAnswer: 20" },
      { prompt: `Problem: ${problem}\n`, chosen: "3 * 4 = 12.\nAnswer: 14", rejected: "Answer: 9" },
    ]);
    valid("dpo", pairs);
    // Different templates: the two sides were prompted differently, so no pair has one prompt.
    const unlike = s.createRun({ kind: "compare", config: { problem, policies: [policy, other] } });
    s.saveItem(unlike, item({ key: "0:mull-policy-2m" }), oneRight);
    s.saveItem(unlike, wrongItem("1:other", "other"), twoWrong);
    expect(refusal(() => exportSavedRun(s, unlike, "dpo"))).toBe(
      `run ${unlike} cannot be exported as dpo: its correct and wrong solutions of a problem come from policies whose prompt templates or step delimiters differ, and a pair needs one prompt (1 correct, 2 wrong)`,
    );
    // Right answers on one problem and wrong ones on another: nothing to pair, and the line says so.
    const apart = s.createRun({ kind: "sweep", config: { set: "dev", policies: [{ name: "mull-policy-2m", profile: policy }] } }); // prettier-ignore
    s.saveItem(apart, item({ key: "a" }), oneRight);
    s.saveItem(apart, { ...wrongItem("b", "mull-policy-2m"), problem: "What is 9 + 11?", reference: "21", path: [{ text: "Answer: 20", score: 0.2 }] }, tree([[0, null, ""], [1, 0, "Answer: 20", { terminal: true, answer: "20" }]])); // prettier-ignore
    expect(refusal(() => exportSavedRun(s, apart, "dpo"))).toBe(
      `run ${apart} cannot be exported as dpo: no problem of it has both a correct and a wrong solution (1 correct, 1 wrong, on different problems)`,
    );
    s.close();
  });

  it("a sweep prompts each item as its own policy saw it", () => {
    const s = store();
    const id = s.createRun({ kind: "sweep", config: { set: "dev", policies: [{ name: "mull-policy-2m", profile: policy }] } }); // prettier-ignore
    s.saveItem(id, item({ key: "a", problemId: "dev-1" }), sampled);
    s.saveItem(id, item({ key: "b", problemId: "dev-1", strategy: "beam" }), sampled);
    const result = exportSavedRun(s, id, "sft");
    expect(result.rows).toHaveLength(1); // the same correct path twice is one row
    expect(result.duplicates).toBe(1);
    s.close();
  });
});
