import type { FinishReason, StepCandidate } from "../policy/Policy.js";
import { splitSteps } from "../policy/splitSteps.js";
import type { StreamedChoice } from "./CompletionStream.js";

/** The policy's vocabulary on this side, from the GGUF the profile names (node-llama-cpp, vocabulary only). */
export interface LocalVocabulary {
  /** End-of-generation tokens (EOS, EOT, …): they end a text without being one of its tokens. */
  isEog(token: number): boolean;
  /** The text of `tokens`, as LlamaPolicy's decode writes it (model.detokenize). */
  detokenize(tokens: readonly number[]): string;
}

/** How to read one streamed completion as a step. */
export interface ReadCandidateOptions {
  stepDelimiter: string;
  answerPattern: RegExp;
  /** Present when the profile names a local GGUF: the text is then the tokens' own, as in-process. */
  vocabulary?: LocalVocabulary | undefined;
  /** End-of-generation token ids the server named (llama-server's /props eos_token), when there is no vocabulary. */
  eogTokens?: ReadonlySet<number> | undefined;
  /** The caller's signal ended the stream: the candidate is what came, finish reason `aborted`. */
  aborted: boolean;
}

/**
 * One streamed completion, requested with the step delimiter as its stop string, read as a step candidate exactly
 * as decodeOnSequence reads an in-process decode (its cost is added by the caller):
 * - the tokens are every sampled token but a final end-of-generation one, which ends the text without being one of
 *   its tokens; the token that completed the delimiter stays, as in-process (llama-server streams it, with its
 *   log-probability, before it cuts the stop string from the text);
 * - finish reason: `eos` when the last token is an end-of-generation token (or vLLM/SGLang say no stop string
 *   matched), `step` when the stop string ended it, `length` at the token limit, `aborted` when the caller stopped
 *   it; then `answer` whenever the text is an answer line;
 * - the text: with a local vocabulary the tokens' own text cut at the delimiter, else the server's text (which
 *   already ends before the stop string), trimmed.
 */
export function readCandidate(choice: StreamedChoice, options: ReadCandidateOptions): Omit<StepCandidate, "cost"> {
  const tokens = [...choice.tokens];
  const tokenLogProbs = [...choice.logProbs];
  const last = tokens.at(-1);
  const eogLast =
    last !== undefined &&
    (options.vocabulary ? options.vocabulary.isEog(last) : (options.eogTokens?.has(last) ?? false));
  if (eogLast) {
    tokens.pop();
    tokenLogProbs.pop();
  }
  let finishReason: FinishReason;
  if (options.aborted && choice.finishReason === null) finishReason = "aborted";
  else if (choice.finishReason === "length") finishReason = "length";
  else if (eogLast || choice.stopReason === null) finishReason = "eos";
  else finishReason = "step";
  let text = options.vocabulary ? options.vocabulary.detokenize(tokens) : choice.text;
  const cut = text.indexOf(options.stepDelimiter);
  if (cut >= 0) {
    text = text.slice(0, cut);
    // A delimiter written inside the token limit ends the step, as in-process, whatever stopped the server.
    if (finishReason === "length") finishReason = "step";
  }
  const parsed = splitSteps(text, options.stepDelimiter, options.answerPattern);
  if (parsed.answer !== undefined && finishReason !== "aborted") finishReason = "answer";
  return {
    text: text.trim(),
    tokens,
    logProb: tokenLogProbs.reduce((a, b) => a + b, 0),
    tokenLogProbs,
    finishReason,
    answer: parsed.answer,
  };
}
