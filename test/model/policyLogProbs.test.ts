import type { LlamaContext, Token } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import type { StepCandidate } from "../../src-main/core/policy/Policy.js";

/**
 * The model's own log-probability of each token, recomputed independently of the policy: the prefix and then the
 * continuation, one token at a time as decoding feeds them (batched prefill rounds differently, by ~1e-3 per token
 * on this CPU), go to a fresh context of the same model through controlledEvaluate; every logit is read back
 * (`logits: true`) and the log-softmax is taken here, in double precision, over the whole vocabulary.
 */
async function recompute(context: LlamaContext, prefix: readonly Token[], tokens: readonly Token[]): Promise<number[]> {
  const sequence = context.getSequence();
  try {
    const logProbs: number[] = [];
    let feed: Token[] = [...prefix];
    for (const token of tokens) {
      const last = feed.length - 1;
      const out = await sequence.controlledEvaluate(
        feed.map((t, i) => (i === last ? ([t, { generateNext: { logits: true } }] as const) : t)),
      );
      const logits = out[last]?.next.logits;
      if (!logits) throw new Error("no logits");
      const values = [...logits.values()];
      const max = Math.max(...values);
      const logZ = max + Math.log(values.reduce((a, v) => a + Math.exp(v - max), 0));
      logProbs.push((logits.get(token) as number) - logZ);
      feed = [token];
    }
    return logProbs;
  } finally {
    sequence.dispose();
  }
}

describe("reported log-probabilities are the model's own (6M policy, full softmax at temperature 1)", () => {
  const problem = "Compute (12 + 9) * 3 - 15.";
  let policy: LlamaPolicy;
  let check: LlamaContext;
  beforeAll(async () => {
    policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 8 });
    check = await policy.model.createContext({ contextSize: 256, sequences: 1, threads: 1 });
  });
  afterAll(async () => {
    await check?.dispose();
    await policy?.dispose();
  });

  const expectMatches = async (prefix: readonly Token[], c: StepCandidate) => {
    const expected = await recompute(check, prefix, c.tokens as Token[]);
    expect(c.tokenLogProbs).toHaveLength(expected.length);
    c.tokenLogProbs.forEach((lp, i) => expect(Math.abs(lp - (expected[i] as number))).toBeLessThan(1e-3));
    expect(Math.abs(c.logProb - expected.reduce((a, b) => a + b, 0))).toBeLessThan(1e-3);
  };

  it("a greedy step: its log-prob is the sum of the recomputed log-softmax at its tokens", async () => {
    const prefix = policy.prefixTokens(problem, []);
    const [step] = await policy.expand(problem, [], 1, { temperature: 0 });
    expect(step?.tokens.length).toBeGreaterThan(3);
    await expectMatches(prefix, step as StepCandidate);
  });

  it("sampled steps: clearly non-zero, varying log-probs that match the model's, not the truncated sampler's", async () => {
    // The first step here is where the 6M policy hesitates (68 - 19 comes out as 59, 49 or 69).
    const hesitant = "Solve for x: 7x + 19 = 68";
    const prefix = policy.prefixTokens(hesitant, []);
    const candidates = await policy.expand(hesitant, [], 8, { temperature: 1, seed: 7 });
    expect(candidates).toHaveLength(8);
    for (const c of candidates) {
      await expectMatches(prefix, c);
      // Top-p 0.95 leaves this confident model one candidate for most tokens, so under the truncated distribution
      // (node-llama-cpp's `confidence`) every one of them had probability 1 and most steps summed to log 0.
      expect(c.logProb).toBeLessThan(-0.1);
    }
    expect(new Set(candidates.map((c) => c.text)).size).toBeGreaterThan(1);
    expect(new Set(candidates.map((c) => c.logProb.toFixed(6))).size).toBeGreaterThan(1);
  });

  it("a rollout's log-prob covers every token it generated", async () => {
    const prefix = policy.prefixTokens(problem, []);
    const r = await policy.rollout(problem, [], { temperature: 0.8, seed: 3 });
    expect(r.tokens.length).toBeGreaterThan(10);
    await expectMatches(prefix, r);
  });
});
