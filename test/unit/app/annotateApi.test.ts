import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotationViewSchema } from "../../../src-main/api/annotation.js";
import type { RunDetail } from "../../../src-main/api/mullApi.js";
import { annotationTarget } from "../../../src-main/app/annotationTarget.js";
import { annotationView, stepNodeIds } from "../../../src-main/app/annotationView.js";
import { countingPolicy } from "../../../src-main/app/countingPolicy.js";
import { dispatchCall } from "../../../src-main/app/dispatchCall.js";
import { exportSchemas } from "../../../src-main/core/annotate/exports/exportSchemas.js";
import { MullApp } from "../../../src-main/app/MullApp.js";
import { zeroAnnotationCost, type AnnotatedSolution } from "../../../src-main/core/annotate/AnnotatedSolution.js";
import type { Policy, StepCandidate } from "../../../src-main/core/policy/Policy.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import type { ThoughtNode } from "../../../src-main/core/tree/ThoughtNode.js";
import type { TreeJson } from "../../../src-main/core/tree/TreeJson.js";

/** A dev-set problem (its reference is known to referenceFor) and a typed one (no reference). */
const DEV_PROBLEM = "Solve for x: 2x + 3 = 7";
const TYPED_PROBLEM = "What is the number of the beast plus one, in this test only?";

function node(id: number, parent: number | null, stepText: string, extra: Partial<ThoughtNode> = {}): ThoughtNode {
  return {
    ...{ id, parent, stepText, tokenCount: 1, logProb: 0, count: 1, prmScore: null, visits: 0, value: null },
    ...{ terminal: false, answer: null, depth: parent === null ? 0 : 1, children: [], chosen: false },
    ...extra,
  };
}

/** Root → "a" → ("b" → "Answer: 2" chosen) and ("c" → "Answer: 5"). */
const TREE: TreeJson = {
  format: "mull-thought-tree",
  version: 1,
  nodes: [
    node(0, null, "", { children: [1], chosen: true }),
    node(1, 0, "a", { children: [2, 4], chosen: true }),
    node(2, 1, "b", { depth: 2, children: [3], chosen: true }),
    node(3, 2, "Answer: 2", { depth: 3, terminal: true, answer: "2", chosen: true }),
    node(4, 1, "c", { depth: 2, children: [5] }),
    node(5, 4, "Answer: 5", { depth: 3, terminal: true, answer: "5" }),
  ],
};

function item(problem: string, reference: string | null): RunItem {
  return {
    key: "solve",
    problemId: null,
    problem,
    strategy: "beam",
    budget: null,
    policy: "mull-policy-2m",
    reference,
    answer: "2",
    correct: reference === null ? null : reference === "2",
    score: 0.9,
    stoppedBy: "complete",
    spent: { generatedTokens: 12, evaluatedTokens: 4, rewardCalls: 2, nodes: 5, ms: 1.5 },
    nonFiniteScores: 0,
    path: [
      { text: "a", score: 0.5 },
      { text: "b", score: 0.6 },
      { text: "Answer: 2", score: 0.9 },
    ],
    completedAt: "2026-12-01T00:00:00.000Z",
  };
}

function labelled(steps: string[], soft: number[]): AnnotatedSolution {
  return {
    ...{ problemId: "run-1/solve", problem: DEV_PROBLEM, reference: "2", steps, answer: "2", correct: true },
    method: "mc",
    soft,
    hard: soft.map((s) => (s > 0 ? 1 : 0)),
    rolloutsPerStep: steps.map((_, i) => (i === steps.length - 1 ? 0 : 4)),
    firstError: null,
    cost: { ...zeroAnnotationCost(), rollouts: 8 },
  };
}

describe("annotation views", () => {
  it("finds each step's tree node by its text from the root, null from the first step the tree lacks", () => {
    expect(stepNodeIds(TREE, ["a", "b", "Answer: 2"])).toEqual([1, 2, 3]);
    expect(stepNodeIds(TREE, ["a", "c", "Answer: 5"])).toEqual([1, 4, 5]);
    expect(stepNodeIds(TREE, ["a", "rollout step", "Answer: 2"])).toEqual([1, null, null]);
    expect(stepNodeIds(undefined, ["a"])).toEqual([null]);
  });

  it("gives every solution its node ids and crosses the boundary as the contract's schema reads it", () => {
    const solutions = [labelled(["a", "b", "Answer: 2"], [0.75, 0.5, 1])];
    const view = annotationView({ key: "solve", method: "mc", created: "2026-12-01T00:00:00Z", solutions }, TREE);
    expect(view.nodeIds).toEqual([[1, 2, 3]]);
    expect(annotationViewSchema.parse(JSON.parse(JSON.stringify(view)))).toEqual(view);
  });
});

describe("countingPolicy", () => {
  const candidate = (text: string): StepCandidate => ({
    ...{ text, tokens: [1], logProb: 0, tokenLogProbs: [0], finishReason: "answer", answer: "2" },
    cost: { generatedTokens: 1, evaluatedTokens: 1, reusedTokens: 0, ms: 0 },
  });
  // A stand-in policy: the counting wrapper is pure plumbing, checked here without a model.
  const inner: Policy = {
    expand: async () => [candidate("x")],
    rollout: async () => candidate("Answer: 2"),
    rollouts: async (_problem, _path, k) => Array.from({ length: k }, () => candidate("Answer: 2")),
  };

  it("reports each rollout call's depth when it starts and the completions it drew when it returns", async () => {
    const calls: number[] = [];
    const drawn: [number, number][] = [];
    const policy = countingPolicy(
      inner,
      (depth) => calls.push(depth),
      (depth, k) => drawn.push([depth, k]),
    );
    await policy.rollouts?.("p", ["a", "b"], 3, {});
    await policy.rollout("p", ["a"], {});
    await policy.expand("p", [], 2, {});
    expect(calls).toEqual([2, 1]);
    expect(drawn).toEqual([
      [2, 3],
      [1, 1],
    ]);
    // Optional methods the policy lacks stay absent, so callers that test for them see the same policy.
    expect(
      countingPolicy(
        { expand: inner.expand, rollout: inner.rollout },
        () => {},
        () => {},
      ).rollouts,
    ).toBe(undefined);
  });
});

describe("startAnnotate through the contract", () => {
  const dir = mkdtempSync(join(tmpdir(), "mull-annotate-api-"));
  const file = join(dir, "mull.db");
  let app: MullApp;
  let known: number;
  let typed: number;
  let prove: number;
  beforeAll(() => {
    const store = RunStore.open({ file });
    const solve = (problem: string, reference: string | null) => {
      const id = store.createRun({ kind: "solve", config: { policy: "/nowhere/mull.profile.json", seed: 0 } });
      store.saveItem(id, item(problem, reference), TREE);
      store.finishRun(id, "done");
      return id;
    };
    known = solve(DEV_PROBLEM, "2");
    typed = solve(TYPED_PROBLEM, null);
    prove = store.createRun({ kind: "prove", config: {} });
    store.finishRun(prove, "done");
    store.saveAnnotation(known, "solve", [labelled(["a", "b", "Answer: 2"], [0.75, 0.5, 1])]);
    store.close();
    app = new MullApp({ mode: "browser", version: "test", storeFile: file });
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each([
    [() => ({ runId: 999_999 }), "runId", /no run with id 999999/],
    [
      () => ({ runId: known, rollouts: 0 }),
      "rollouts",
      /^Rollouts per step must be a whole number from 1 to 64 \(got 0\)\.$/,
    ],
    [() => ({ runId: known, method: "tree" }), "method", /mc|omega/],
    [() => ({ runId: prove }), "runId", /is a prove run: only a solve or a compare can be annotated/],
    [() => ({ runId: known, itemKey: "0:other" }), "itemKey", /has no item "0:other" \(it has "solve"\)/],
    [() => ({ runId: typed }), "reference", /^Give the reference answer to annotate against\.$/],
  ])("refuses a bad request before any model loads, naming the field (%#)", async (input, field, message) => {
    const reply = await dispatchCall(app, "startAnnotate", input());
    expect(reply.ok).toBe(false);
    const error = (reply as { error: { kind: string; field?: string; message: string } }).error;
    expect(error.kind).toBe("input");
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("exports a run's saved labels as TRL stepwise rows, and refuses a run with nothing to label it by", async () => {
    const reply = await dispatchCall(app, "exportRun", { runId: known, format: "trl-prm" });
    if (!reply.ok) throw new Error(reply.error.message);
    const { fileName, content } = reply.value as { fileName: string; content: string };
    expect(fileName).toBe(`mull-run-${known}.trl-prm.jsonl`);
    const rows = content
      .trim()
      .split("\n")
      .map((line) => exportSchemas["trl-prm"].parse(JSON.parse(line)));
    expect(rows).toEqual([{ prompt: DEV_PROBLEM, completions: ["a", "b", "Answer: 2"], labels: [true, true, true] }]);
    const refused = await dispatchCall(app, "exportRun", { runId: typed, format: "trl-prm" });
    expect(refused).toMatchObject({ ok: false, error: { kind: "input", field: "format" } });
    expect((refused as { error: { message: string } }).error.message).toMatch(new RegExp(`^run ${typed} `));
  });

  it("reads what to label: the chosen path first, with allPaths every other finished path of the tree", () => {
    const store = RunStore.open({ file });
    try {
      const run = store.run(known);
      const request = { runId: known, method: "mc" as const, allPaths: false };
      const chosen = annotationTarget(store, run, request);
      expect(chosen).toMatchObject({ key: "solve", reference: "2", policy: "/nowhere/mull.profile.json", seed: 0 });
      expect(chosen.solutions).toEqual([{ steps: ["a", "b", "Answer: 2"], answer: "2" }]);
      const all = annotationTarget(store, run, { ...request, allPaths: true });
      expect(all.solutions).toEqual([
        { steps: ["a", "b", "Answer: 2"], answer: "2" },
        { steps: ["a", "c", "Answer: 5"], answer: "5" },
      ]);
      // A typed problem's reference comes from the request when the run has none.
      const typedRun = store.run(typed);
      expect(annotationTarget(store, typedRun, { ...request, runId: typed, reference: "12" }).reference).toBe("12");
    } finally {
      store.close();
    }
  });

  it("returns a run's saved annotation with getRun, with the tree node of each step", async () => {
    const reply = await dispatchCall(app, "getRun", { runId: known });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const detail = (reply as { value: RunDetail }).value;
    expect(detail.annotations).toHaveLength(1);
    expect(detail.annotations[0]).toMatchObject({ key: "solve", method: "mc", nodeIds: [[1, 2, 3]] });
    expect(detail.annotations[0]?.solutions[0]?.soft).toEqual([0.75, 0.5, 1]);
    const other = (await dispatchCall(app, "getRun", { runId: typed })) as { value: RunDetail };
    expect(other.value.annotations).toEqual([]);
  });
});
