import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxOrm } from "../../src-main/core/reward/OnnxOrm.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";

// The tiny random-weight PRMs of models/recipes/make_format_prms.py, one per input format, through the real
// onnxruntime-node. Expected scores are computed here from the raw session output, with an input laid out
// independently of the engine: each piece tokenized on its own and concatenated (exact for these tokenizers,
// whose pre-tokenizer splits at whitespace and letter/digit/punctuation boundaries).
const FORMATS = join(import.meta.dirname, "../fixtures/prm-formats");
const profileOf = (name: string) => join(FORMATS, `${name}.profile.json`);

const PROBLEM = "Solve for x: 2x + 3 = 7";
const STEPS = ["Subtract 3 from each side: 7 - 3 = 4.", "Divide by 2: 4 / 2 = 2.", "Answer: 2"];
const MORE = ["Check: 2 * 2 + 3 = 7.", "Answer: x = 2"];
const OTHERS = [
  { problem: "What is 6 * 7?", steps: ["6 * 7 = 42.", "Answer: 42"] },
  {
    problem: "Next term: 2, 4, 6, 8",
    steps: ["Each term adds 2.", "8 + 2 = 10.", "The next term is 10.", "Answer: 10"],
  },
];

interface Case {
  name: string;
  /** Text after each step's own tokens: the token there is where its score is read. */
  marker: string | undefined;
  delimiter: string;
  bos: boolean;
  /** The expected score from the raw output at a position, for this format. */
  expected: (at: (j: number) => number, tok: Tokenizer) => number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const CASES: Case[] = [
  { name: "token-score", marker: undefined, delimiter: "\n", bos: true, expected: (at) => at(0) },
  {
    name: "step-tag",
    marker: " ки",
    delimiter: "\n",
    bos: true,
    expected: (at, tok) => {
      const [plus, minus] = [at(tok.token_to_id("+") as number), at(tok.token_to_id("-") as number)];
      return Math.exp(plus) / (Math.exp(plus) + Math.exp(minus));
    },
  },
  {
    name: "separator-2class",
    marker: "<extra_0>",
    delimiter: "",
    bos: false,
    expected: (at) => Math.exp(at(1)) / (Math.exp(at(0)) + Math.exp(at(1))),
  },
  { name: "value-head", marker: undefined, delimiter: "\n", bos: true, expected: (at) => sigmoid(at(0)) },
];

describe.each(CASES)("$name PRM on onnxruntime-node", (c) => {
  let prm: OnnxPrm;
  let uncached: OnnxPrm;
  let raw: ort.InferenceSession;
  let tok: Tokenizer;
  beforeAll(async () => {
    prm = await OnnxPrm.load(profileOf(c.name));
    uncached = await OnnxPrm.load(profileOf(c.name), { cacheSteps: 0 });
    raw = await ort.InferenceSession.create(join(FORMATS, `${c.name}.onnx`));
    tok = new Tokenizer(JSON.parse(readFileSync(join(FORMATS, `${c.name}.tokenizer.json`), "utf8")), {});
  });
  afterAll(async () => {
    await Promise.all([prm?.dispose(), uncached?.dispose(), raw?.release()]);
  });

  /** Ids and score positions built piece by piece, without the engine's layout code. */
  function layout(problem: string, steps: readonly string[]): { ids: number[]; positions: number[] } {
    const plain = (t: string) => tok.encode(t, { add_special_tokens: false }).ids;
    const ids = [...(c.bos ? [tok.token_to_id("<s>") as number] : []), ...plain(`Problem: ${problem}\n`)];
    const positions: number[] = [];
    for (const step of steps) {
      ids.push(...plain(step));
      if (c.marker !== undefined) {
        ids.push(tok.token_to_id(c.marker) as number);
        positions.push(ids.length - 1);
        ids.push(...plain(c.delimiter));
      } else {
        ids.push(...plain(c.delimiter));
        positions.push(ids.length - 1);
      }
    }
    return { ids, positions };
  }

  async function expectedScores(problem: string, steps: readonly string[]): Promise<number[]> {
    const { ids, positions } = layout(problem, steps);
    const dims = [1, ids.length];
    const out = await raw.run({
      input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), dims),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(ids.length).fill(1n), dims),
    });
    const tensor = Object.values(out)[0] as ort.Tensor;
    const data = tensor.data as Float32Array;
    const width = tensor.dims[2] ?? 1;
    return positions.map((p) => c.expected((j) => data[p * width + j] as number, tok));
  }

  it("reads each step's score where the format puts it, as computed from the raw output", async () => {
    const { scores, cost } = await uncached.score([{ problem: PROBLEM, steps: STEPS }]);
    const expected = await expectedScores(PROBLEM, STEPS);
    expect(scores[0]).toHaveLength(STEPS.length);
    scores[0]?.forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 5));
    // The engine fed the model exactly the independently built sequence.
    expect(cost.evaluatedTokens).toBe(layout(PROBLEM, STEPS).ids.length);
    // Random weights still give every step its own score: a read at a fixed position would not.
    expect(new Set(scores[0]?.map((s) => s.toFixed(4))).size).toBe(STEPS.length);
    for (const s of scores[0] ?? []) expect(s >= 0 && s <= 1).toBe(true);
  });

  it("scores a right-padded batch exactly as each solution alone", async () => {
    const items = [{ problem: PROBLEM, steps: STEPS }, ...OTHERS];
    const batch = await uncached.score(items);
    expect(batch.cost.modelCalls).toBe(1);
    expect(batch.cost.paddingTokens).toBeGreaterThan(0);
    for (const [i, item] of items.entries()) {
      const alone = await uncached.scoreSteps(item.problem, item.steps);
      expect(batch.scores[i]).toHaveLength(item.steps.length);
      batch.scores[i]?.forEach((s, j) => expect(s).toBeCloseTo(alone[j] as number, 5));
    }
  });

  it("scores a path extension incrementally: cached steps are hits, new tokens only past them", async () => {
    const first = await prm.score([{ problem: PROBLEM, steps: STEPS }]);
    const extended = [...STEPS, ...MORE];
    const next = await prm.score([{ problem: PROBLEM, steps: extended }]);
    const fresh = await uncached.score([{ problem: PROBLEM, steps: extended }]);
    expect(next.cost).toMatchObject({ modelCalls: 1, stepsScored: MORE.length, cacheHits: STEPS.length });
    expect(fresh.cost).toMatchObject({ stepsScored: extended.length, cacheHits: 0 });
    // The model still sees the whole sequence; only the tokens after the last cached step are new.
    const { ids, positions } = layout(PROBLEM, extended);
    expect(next.cost.evaluatedTokens).toBe(ids.length);
    expect(next.cost.newTokens).toBe(ids.length - ((positions[STEPS.length - 1] as number) + 1));
    expect(next.cost.newTokens).toBeLessThan(fresh.cost.newTokens);
    expect(next.scores[0]?.slice(0, STEPS.length)).toEqual(first.scores[0]);
    next.scores[0]?.forEach((s, i) => expect(s).toBeCloseTo(fresh.scores[0]?.[i] as number, 5));
    const again = await prm.score([{ problem: PROBLEM, steps: extended }]);
    expect(again.cost).toMatchObject({ modelCalls: 0, evaluatedTokens: 0, stepsScored: 0 });
    expect(again.cost.cacheHits).toBe(extended.length);
  });
});

describe("outcome scoring, accounting and providers", () => {
  it("an ORM reads one score at the end of each solution and gives it to every step", async () => {
    const orm = await OnnxOrm.load(profileOf("separator-2class"), { cacheSteps: 0 });
    const prm = await OnnxPrm.load(profileOf("separator-2class"), { cacheSteps: 0 });
    const items = [{ problem: PROBLEM, steps: STEPS }, ...OTHERS];
    const outcomes = await orm.scoreOutcomes(items);
    const lastSteps = (await prm.scoreBatch(items)).map((s) => s.at(-1) as number);
    outcomes.forEach((o, i) => expect(o).toBeCloseTo(lastSteps[i] as number, 5));
    expect(orm.accounting).toMatchObject({ modelCalls: 1, stepsScored: items.length });
    const steps = await orm.scoreSteps(PROBLEM, STEPS);
    expect(steps).toEqual(STEPS.map(() => steps[0]));
    expect(steps[0]).toBeCloseTo(outcomes[0] as number, 5);
    expect(await prm.scoreOutcome(PROBLEM, STEPS)).toBeCloseTo(outcomes[0] as number, 5);
    await Promise.all([orm.dispose(), prm.dispose()]);
  });

  it("reads a GGUF vocabulary as the tokenizer", async () => {
    const prm = await OnnxPrm.load(profileOf("token-score-gguf"), { cacheSteps: 0 });
    const batch = await prm.scoreBatch([{ problem: PROBLEM, steps: STEPS }, ...OTHERS]);
    const alone = await prm.scoreSteps(PROBLEM, STEPS);
    expect(batch[0]).toHaveLength(STEPS.length);
    batch[0]?.forEach((s, i) => expect(s).toBeCloseTo(alone[i] as number, 5));
    // Same ONNX model as token-score, other tokenizer: other ids, other scores.
    const json = await OnnxPrm.load(profileOf("token-score"), { cacheSteps: 0 });
    expect(await json.scoreSteps(PROBLEM, STEPS)).not.toEqual(alone);
    await Promise.all([prm.dispose(), json.dispose()]);
  });

  it("a GPU provider that cannot start falls back to the CPU with a reason, and scores the same", async () => {
    const gpu = await OnnxPrm.load(profileOf("value-head"), { executionProvider: "cuda", cacheSteps: 0 });
    const cpu = await OnnxPrm.load(profileOf("value-head"), { cacheSteps: 0 });
    if (gpu.fallbackReason !== undefined) {
      expect(gpu.executionProvider).toBe("cpu");
      expect(gpu.fallbackReason).toMatch(/^cuda unavailable \(.+\); running on the CPU$/);
    } else expect(gpu.executionProvider).toBe("cuda");
    expect(cpu).toMatchObject({ executionProvider: "cpu", fallbackReason: undefined });
    const [g, c] = [await gpu.scoreSteps(PROBLEM, STEPS), await cpu.scoreSteps(PROBLEM, STEPS)];
    g.forEach((s, i) => expect(s).toBeCloseTo(c[i] as number, 4));
    await Promise.all([gpu.dispose(), cpu.dispose()]);
  });
});
