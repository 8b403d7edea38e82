import { basename } from "node:path";
import type { Token } from "node-llama-cpp";
import { extractAnswer } from "../domain/extractAnswer.js";
import { fillTemplate } from "../models/fillTemplate.js";
import type { PolicyProfile } from "../models/profiles.js";
import type { LlamaPolicy } from "../policy/LlamaPolicy.js";
import { answerLine, type AnswerLine } from "./answerLine.js";
import { ChatError } from "./ChatError.js";
import {
  CHAT_DEFAULTS,
  type ChatChunk,
  type ChatExchange,
  type ChatStop,
  type ChatTurnRequest,
  type ChatTurnResult,
} from "./ChatTurn.js";
import { fitHistory } from "./fitHistory.js";
import { reasoningFormat } from "./reasoningFormat.js";
import { TurnMeter } from "./TurnMeter.js";

/**
 * A raw profile's conversation as one prompt: the system prompt on its own line, each kept exchange as the
 * profile's prompt for its message followed by its answer line (cue, answer, close: no reasoning), then the prompt
 * for the new message. For the embedded policy: `Problem: …\nAnswer: 12\nProblem: …\n`.
 */
export function renderRawConversation(
  profile: PolicyProfile,
  line: AnswerLine,
  system: string | undefined,
  kept: readonly ChatExchange[],
  message: string,
): string {
  const turns = kept.map(
    (e) => fillTemplate(profile.prompt, { problem: e.user }) + line.cue + e.answer + line.close + profile.stepDelimiter,
  );
  return (system ? system + "\n" : "") + turns.join("") + fillTemplate(profile.prompt, { problem: message });
}

/**
 * One assistant turn of a raw-prompt policy (the embedded ones). Reasoning is the steps the model writes before
 * its answer line, decoded one step at a time on the policy's sequence pool (each step's prefix is found in the KV
 * cache); the answer is the answer line's group. When the reasoning budget is spent, the steps run out
 * (`maxSteps`) or the model ends without an answer line, the engine appends the answer cue and asks for the answer.
 * Earlier exchanges enter the prompt without their reasoning (renderRawConversation), oldest dropped first when
 * they do not fit (fitHistory).
 *
 * @throws ChatError for a budget on a `none` profile, an underivable answer cue, or a message that does not fit
 */
export async function rawChatTurn(
  policy: LlamaPolicy,
  request: ChatTurnRequest,
  onChunk?: (chunk: ChatChunk) => void,
  signal?: AbortSignal,
): Promise<ChatTurnResult> {
  const { profile } = policy;
  const format = reasoningFormat(profile, null);
  if (request.reasoningBudget !== undefined && format === "none")
    throw new ChatError(
      `${basename(profile.modelPath)} writes no reasoning (its profile says "reasoning": "none"), so there is nothing for a reasoning budget to cap`,
      "reasoningBudget",
    );
  const line = answerLine(profile);
  const pattern = new RegExp(profile.answerPattern, "m");
  const sampling = request.sampling ?? {};
  const maxAnswer = request.maxAnswerTokens ?? CHAT_DEFAULTS.maxAnswerTokens;
  const budget = format === "none" ? 0 : (request.reasoningBudget ?? Infinity);
  const reasoningRoom = Math.min(budget, profile.maxSteps * profile.maxStepTokens);
  const reserve = Math.min(Math.floor(policy.contextSize / 2), reasoningRoom + maxAnswer);
  const tokensOf = (text: string): Token[] => policy.promptTokens(text);
  const fit = await fitHistory(
    request.history,
    (kept) => tokensOf(renderRawConversation(profile, line, request.system, kept, request.message)).length,
    policy.contextSize,
    reserve,
    request.reasoningBudget === undefined ? undefined : "or lower the reasoning budget",
  );
  const prompt = renderRawConversation(profile, line, request.system, fit.kept, request.message);
  const context = tokensOf(prompt);
  const meter = new TurnMeter(onChunk);
  const steps: string[] = [];
  const reasoningIds: number[] = [];
  let answer: string | undefined;
  let answerTokens = 0;
  let budgetHit = false;
  let stoppedBy: ChatStop = "done";
  const pathText = (): string => steps.map((s) => s + profile.stepDelimiter).join("");

  while (format !== "none") {
    const left = budget - reasoningIds.length;
    if (left <= 0) {
      budgetHit = true;
      break;
    }
    if (steps.length >= profile.maxSteps) break;
    const prefix = tokensOf(prompt + pathText());
    const stream = stepStreamer(meter, line, profile.stepDelimiter);
    const step = await policy.decodeFrom(
      prefix,
      "step",
      Math.min(profile.maxStepTokens, left),
      sampling,
      signal,
      stream.feed,
    );
    if (step.answer !== undefined) {
      answer = step.answer;
      answerTokens = step.tokens.length;
      // An answer line that did not open with the cue streamed as reasoning: its answer is sent now.
      if (stream.kind() !== "answer") meter.emit("answer", answer);
      break;
    }
    if (step.text !== "") steps.push(step.text);
    reasoningIds.push(...step.tokens);
    if (step.text !== "") meter.emit("reasoning", profile.stepDelimiter);
    if (step.finishReason === "aborted") {
      stoppedBy = "aborted";
      break;
    }
    if (prefix.length + step.tokens.length >= policy.contextSize) {
      stoppedBy = "length";
      break;
    }
    if (step.finishReason === "eos") break;
  }

  if (answer === undefined && stoppedBy === "done") {
    // Ask for the answer: the cue appended after the reasoning so far (or after the prompt, for `none`).
    const prefix = tokensOf(prompt + pathText() + (format === "none" ? "" : line.cue));
    const room = Math.min(maxAnswer, policy.contextSize - prefix.length);
    if (room <= 0) stoppedBy = "length";
    else {
      let sent = 0;
      const reply = await policy.decodeFrom(prefix, "step", room, sampling, signal, (text) => {
        meter.tokens(1);
        const shown = cutAt(cutAt(text, profile.stepDelimiter), line.close).trimStart();
        meter.emit("answer", shown.slice(sent));
        sent = Math.max(sent, shown.length);
      });
      answerTokens = reply.tokens.length;
      answer =
        format === "none"
          ? reply.text
          : (extractAnswer(line.cue + reply.text, pattern) ?? cutAt(reply.text, line.close).trim());
      if (reply.finishReason === "aborted") stoppedBy = "aborted";
      else if (reply.finishReason === "length") stoppedBy = "length";
    }
  }
  return {
    reasoning: steps.join(profile.stepDelimiter),
    answer: answer ?? "",
    reasoningFormat: format,
    tokens: { context: context.length, reasoning: reasoningIds.length, answer: answerTokens },
    budgetHit,
    stoppedBy,
    droppedExchanges: fit.dropped,
    ...meter.timings(),
    ...(request.withTokenIds && { tokenIds: { context: [...context], reasoning: reasoningIds } }),
  };
}

/**
 * Streams one step as it is decoded: held back while it could still be the answer cue, then as reasoning, or as
 * answer text after the cue; the delimiter and the answer line's close are never shown.
 */
function stepStreamer(
  meter: TurnMeter,
  line: AnswerLine,
  delimiter: string,
): { feed: (text: string) => void; kind: () => ChatChunk["kind"] | undefined } {
  let kind: ChatChunk["kind"] | undefined;
  let sent = 0;
  const feed = (text: string): void => {
    meter.tokens(1);
    const step = cutAt(text, delimiter).trimStart();
    if (kind === undefined) {
      if (step.length < line.cue.length && line.cue.startsWith(step)) return;
      kind = step.startsWith(line.cue) ? "answer" : "reasoning";
    }
    const shown = kind === "answer" ? cutAt(step.slice(line.cue.length), line.close) : step;
    meter.emit(kind, shown.slice(sent));
    sent = Math.max(sent, shown.length);
  };
  return { feed, kind: () => kind };
}

function cutAt(text: string, mark: string): string {
  if (mark === "") return text;
  const i = text.indexOf(mark);
  return i < 0 ? text : text.slice(0, i);
}
