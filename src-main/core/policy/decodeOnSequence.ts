import type { LlamaModel, Token } from "node-llama-cpp";
import type { FinishReason, StepCandidate } from "./Policy.js";
import type { Sampling } from "./Sampling.js";
import type { PooledSequence } from "./SequencePool.js";
import { splitSteps } from "./splitSteps.js";

export interface DecodeRequest {
  prefix: readonly Token[];
  /** `step`: stop at the first step delimiter. `answer`: continue until an answer line, EOS or the limit. */
  until: "step" | "answer";
  maxTokens: number;
  stepDelimiter: string;
  answerPattern: RegExp;
  sampling: Sampling;
  signal?: AbortSignal | undefined;
}

/**
 * Generates on one pooled sequence: keeps the cached part of the prefix, evaluates only the rest, samples
 * until the request's stopping rule, and counts every token it evaluates or generates.
 */
export async function decodeOnSequence(
  model: LlamaModel,
  pooled: PooledSequence,
  req: DecodeRequest,
): Promise<StepCandidate> {
  const started = performance.now();
  const { sequence } = pooled;
  // At least one prefix token must be evaluated to get the logits of the next one.
  const keep = Math.min(pooled.reusable, req.prefix.length - 1);
  if (keep < sequence.nextTokenIndex)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  const toEvaluate = req.prefix.slice(keep) as Token[];
  const tokens: Token[] = [];
  const tokenLogProbs: number[] = [];
  let finishReason: FinishReason = "eos";
  let text = "";
  const s = req.sampling;
  const options = {
    temperature: s.temperature ?? 0,
    ...(s.topK !== undefined && { topK: s.topK }),
    ...(s.topP !== undefined && { topP: s.topP }),
    ...(s.minP !== undefined && { minP: s.minP }),
    ...(s.seed !== undefined && { seed: s.seed }),
  };
  for await (const out of sequence.evaluateWithMetadata(toEvaluate, { confidence: true }, options)) {
    tokens.push(out.token);
    tokenLogProbs.push(Math.log(Math.max(out.confidence, 1e-30)));
    if (req.signal?.aborted) {
      finishReason = "aborted";
      break;
    }
    text = model.detokenize(tokens);
    const cut = text.indexOf(req.stepDelimiter);
    if (cut >= 0 && req.until === "step") {
      text = text.slice(0, cut);
      finishReason = "step";
      break;
    }
    // Only a finished line can be the answer line: "Answer: 2" is still growing into "Answer: 26" until the
    // delimiter (or EOS) ends it.
    const lastCut = text.lastIndexOf(req.stepDelimiter);
    if (lastCut >= 0 && splitSteps(text.slice(0, lastCut), req.stepDelimiter, req.answerPattern).answer !== undefined) {
      finishReason = "answer";
      break;
    }
    if (tokens.length >= req.maxTokens) {
      finishReason = "length";
      break;
    }
  }
  if (finishReason === "eos" || finishReason === "length" || finishReason === "aborted")
    text = model.detokenize(tokens);
  const parsed = splitSteps(text, req.stepDelimiter, req.answerPattern);
  if (parsed.answer !== undefined && finishReason !== "aborted") finishReason = "answer";
  return {
    text: req.until === "step" ? text.trim() : parsed.steps.join(req.stepDelimiter),
    tokens,
    logProb: tokenLogProbs.reduce((a, b) => a + b, 0),
    tokenLogProbs,
    finishReason,
    answer: parsed.answer,
    cost: {
      generatedTokens: tokens.length,
      evaluatedTokens: toEvaluate.length,
      reusedTokens: keep,
      ms: performance.now() - started,
    },
  };
}
