import type { ControlledEvaluateInputItem, LlamaModel, Token } from "node-llama-cpp";
import { emptyCandidate } from "./emptyCandidate.js";
import type { FinishReason, StepCandidate } from "./Policy.js";
import type { Sampling } from "./Sampling.js";
import type { PooledSequence } from "./SequencePool.js";
import { splitSteps } from "./splitSteps.js";
import { TokenSampler } from "./TokenSampler.js";

export interface DecodeRequest {
  prefix: readonly Token[];
  /** `step`: stop at the first step delimiter. `answer`: continue until an answer line, EOS or the limit. */
  until: "step" | "answer";
  maxTokens: number;
  stepDelimiter: string;
  answerPattern: RegExp;
  sampling: Sampling;
  signal?: AbortSignal | undefined;
  /** Called after each generated token with the text so far (for streaming a chat turn). */
  onText?: ((text: string) => void) | undefined;
}

/**
 * Generates on one pooled sequence: keeps the cached part of the prefix, evaluates only the rest, samples
 * until the request's stopping rule, and counts every token it evaluates or generates.
 *
 * Tokens are drawn by TokenSampler from the raw logits node-llama-cpp's `controlledEvaluate` returns, so each
 * token's log-probability is the model's own (full softmax at temperature 1). Generation never outgrows the
 * sequence's context: it ends with finish reason `length` when prefix plus generated tokens fill it, and a prefix
 * that already fills it gets an empty `length` candidate without any evaluation (llama.cpp would otherwise shift
 * the context and drop the start of the prompt without a word).
 */
export async function decodeOnSequence(
  model: LlamaModel,
  pooled: PooledSequence,
  req: DecodeRequest,
): Promise<StepCandidate> {
  const started = performance.now();
  const { sequence } = pooled;
  // Cancelled while this request waited for a sequence: a search issues hundreds of decodes at once (2,000 chains'
  // next steps), and evaluating each one's prefix only to throw the token away kept Cancel waiting for seconds.
  if (req.signal?.aborted) return emptyCandidate("aborted", performance.now() - started);
  const limit = Math.min(req.maxTokens, sequence.contextSize - req.prefix.length);
  if (limit <= 0) return emptyCandidate("length", performance.now() - started);
  // At least one prefix token must be evaluated to get the logits of the next one.
  const keep = Math.min(pooled.reusable, req.prefix.length - 1);
  if (keep < sequence.nextTokenIndex)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  const toEvaluate = req.prefix.slice(keep) as Token[];
  const tokens: Token[] = [];
  const tokenLogProbs: number[] = [];
  let finishReason: FinishReason = "eos";
  let text = "";
  const sampler = new TokenSampler(req.sampling);
  const generateNext = sampler.request;
  let feed = toEvaluate;
  for (;;) {
    const last = feed.length - 1;
    const input = feed.map((t, i): ControlledEvaluateInputItem => (i === last ? [t, { generateNext }] : t));
    const next = (await sequence.controlledEvaluate(input))[last]?.next;
    if (next?.logits === undefined || next.totalLogitWeight === undefined)
      throw new Error(`${model.filename ?? "the policy model"}: llama.cpp returned no logits to sample from`);
    const { token, logProb } = sampler.pick(next.logits, next.totalLogitWeight);
    // As sequence.evaluate does: end-of-generation ends the text and is not one of its tokens.
    if (model.isEogToken(token)) break;
    tokens.push(token);
    tokenLogProbs.push(logProb);
    if (req.signal?.aborted) {
      finishReason = "aborted";
      break;
    }
    text = model.detokenize(tokens);
    req.onText?.(text);
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
    if (tokens.length >= limit) {
      finishReason = "length";
      break;
    }
    feed = [token];
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
