import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContextOverflowError } from "../../src-main/core/models/ContextOverflowError.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { runSearch } from "../../src-main/core/search/runSearch.js";
import { scratchDir } from "../helpers/brokenFiles.js";
import { mull } from "../unit/cli/cliHelpers.js";

/** A problem of many tokens (about 30 per filler sentence): a real question after a long preamble. */
const longProblem = (sentences: number, words = 0) =>
  "Note: the numbers below are whole numbers. ".repeat(sentences) + "so ".repeat(words) + "Compute (12 + 9) * 3 - 15.";

async function rejection(p: Promise<unknown>): Promise<ContextOverflowError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContextOverflowError);
  expect((e as Error).message.split("\n")).toHaveLength(1);
  return e as ContextOverflowError;
}

describe("inputs longer than a model's context are refused or end visibly (6M policy, 256-token context; PRM)", () => {
  let policy: LlamaPolicy;
  let prm: OnnxPrm;
  beforeAll(async () => {
    process.env.MULL_DATA_DIR = join(scratchDir(), "data"); // the CLI's run store, kept out of the user's
    policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 2 });
    prm = await OnnxPrm.load(EMBEDDED.prm);
  });
  afterAll(async () => {
    await policy?.dispose();
    await prm?.dispose();
  });

  it("the policy's context is the model's trained 256 tokens", () => {
    expect(policy.model.trainContextSize).toBe(256);
    expect(policy.kvCache().contextSize).toBe(256);
  });

  it("a ~3,000-token problem is refused with its token count and the context size, not answered from its tail", async () => {
    const problem = longProblem(100);
    const err = await rejection(policy.expand(problem, [], 1, { temperature: 0 }));
    expect(err.file).toBe(policy.profile.modelPath);
    expect(err.input).toBe("prompt");
    expect(err.contextSize).toBe(256);
    expect(err.tokens).toBeGreaterThan(2900);
    expect(err.tokens).toBeLessThan(3200);
    expect(err.message).toBe(
      `mull-policy-6m.gguf: the prompt is ${err.tokens} tokens and does not fit the model's 256-token context ` +
        "with room to generate; shorten the problem",
    );
    await rejection(Promise.resolve().then(() => policy.rollout(problem, [], { temperature: 0 })));
  });

  it("the CLI says so in one line", async () => {
    const r = await mull("solve", longProblem(100), "--strategy", "greedy");
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(
      /^mull: mull-policy-6m\.gguf: the prompt is \d{4} tokens and does not fit the model's 256-token context/,
    );
  });

  it("a path that outgrows the context ends with finish reason length, filling the context and no more", async () => {
    // Grow the preamble until the prompt leaves a few tokens: too few for any whole step.
    let words = 0;
    while (policy.prefixTokens(longProblem(7, words + 1), []).length < 250) words++;
    const problem = longProblem(7, words);
    const prefix = policy.prefixTokens(problem, []);
    const [step] = await policy.expand(problem, [], 1, { temperature: 0 });
    expect(step?.finishReason).toBe("length");
    expect(prefix.length + (step?.tokens.length ?? 0)).toBe(256);
    const result = await runSearch("greedy", { problem, policy, stepDelimiter: "\n" });
    expect(result.finishReason).toBe("length");
    expect(result.tree.nodes.at(-1)?.finishReason).toBe("length");
    const cli = await mull("solve", problem, "--strategy", "greedy");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(
      "Ended: length: the policy's text was cut at its step token limit or at the end of the model's context",
    );
  });

  it("a path already longer than the context gets empty `length` candidates, and nothing is evaluated for it", async () => {
    const problem = "Compute (12 + 9) * 3 - 15.";
    const path = Array.from({ length: 30 }, (_, i) => `Step ${i + 1}: 12 + 9 = 21.`);
    expect(policy.prefixTokens(problem, path).length).toBeGreaterThan(256);
    const before = policy.evaluatedByEngine;
    const candidates = await policy.expand(problem, path, 2, { temperature: 1, seed: 1 });
    expect(candidates.map((c) => [c.finishReason, c.tokens.length, c.cost.evaluatedTokens])).toEqual([
      ["length", 0, 0],
      ["length", 0, 0],
    ]);
    const rollout = await policy.rollout(problem, path, { temperature: 0 });
    expect([rollout.finishReason, rollout.tokens.length]).toEqual(["length", 0]);
    expect(policy.evaluatedByEngine).toBe(before);
    // The sequences were left as they were: a normal step still decodes.
    const [step] = await policy.expand(problem, [], 1, { temperature: 0 });
    expect(step?.text).toMatch(/^Step 1: /);
  });

  it("a solution that ends normally says `answer`", async () => {
    const result = await runSearch("greedy", { problem: "Solve for x: 2x + 13 = 47", policy, stepDelimiter: "\n" });
    expect(result.finishReason).toBe("answer");
  });

  it("the PRM refuses a problem longer than its 256-token maximum, naming the profile field", async () => {
    expect(prm.maxSequenceLength).toBe(256);
    const err = await rejection(prm.score([{ problem: longProblem(40), steps: ["Step 1: 12 + 9 = 21."] }]));
    expect(err.input).toBe("PRM input");
    expect(err.contextSize).toBe(256);
    expect(err.message).toMatch(
      /^mull-prm\.onnx: the PRM input is \d+ tokens and does not fit the model's 256-token context; shorten the problem \(maxSequenceLength in mull-prm\.profile\.json\)$/,
    );
  });

  it("PRM steps past its maximum are not run and score 0, counted; the steps before keep their exact scores", async () => {
    const problem = "Compute (12 + 9) * 3 - 15.";
    const steps = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: 12 + 9 = 21.`);
    const fresh = await OnnxPrm.load(EMBEDDED.prm, { cacheSteps: 0 });
    try {
      const { scores, cost } = await fresh.score([{ problem, steps }]);
      const all = scores[0] as number[];
      expect(all).toHaveLength(40);
      const inside = all.findIndex((_, i) => i > 0 && all.slice(i).every((s) => s === 0));
      expect(inside).toBeGreaterThan(5);
      expect(cost.overLengthSteps).toBe(40 - inside);
      expect(cost.evaluatedTokens).toBe(256);
      const head = await fresh.score([{ problem, steps: steps.slice(0, inside) }]);
      expect(head.cost.overLengthSteps).toBe(0);
      (head.scores[0] as number[]).forEach((s, i) => expect(s).toBeCloseTo(all[i] as number, 5));
      expect(all.slice(0, inside).every((s) => s > 0)).toBe(true);
    } finally {
      await fresh.dispose();
    }
  });
});
