import { basename } from "node:path";
import { LlamaChat, type ChatHistoryItem, type Token } from "node-llama-cpp";
import { extractAnswer } from "../domain/extractAnswer.js";
import type { LlamaPolicy } from "../policy/LlamaPolicy.js";
import { answerLine } from "./answerLine.js";
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
 * The chat history a turn is generated after: the system prompt, each kept exchange as a user message and a model
 * response holding the answer only (no thought segment: o1-style, earlier reasoning is dropped), the new message,
 * and the model's open response.
 */
export function chatHistoryFor(
  system: string | undefined,
  kept: readonly ChatExchange[],
  message: string,
  response: string[] = [],
): ChatHistoryItem[] {
  return [
    ...(system ? [{ type: "system" as const, text: system }] : []),
    ...kept.flatMap((e): ChatHistoryItem[] => [
      { type: "user", text: e.user },
      { type: "model", response: [e.answer] },
    ]),
    { type: "user", text: message },
    { type: "model", response },
  ];
}

/**
 * One assistant turn of a `chat` profile, through node-llama-cpp's LlamaChat on the model's own chat template
 * (resolvePolicyChatWrapper). `thought` reasoning is the wrapper's thought segments, capped by LlamaChat's
 * `budgets.thoughtTokens` (it closes the segment and the model goes on to the answer); `steps` reasoning is the text
 * before the answer line, and a spent budget stops it and continues the response after the answer cue; `none` makes
 * the whole response the answer. The sequence is lent from the policy's pool, so the next turn finds the shared
 * start of its context in the KV cache.
 *
 * @throws ChatError for a budget on a `none` profile or a message that does not fit the context
 */
export async function templateChatTurn(
  policy: LlamaPolicy,
  request: ChatTurnRequest,
  onChunk?: (chunk: ChatChunk) => void,
  signal?: AbortSignal,
): Promise<ChatTurnResult> {
  const { profile, chatWrapper, model } = policy;
  if (!chatWrapper) throw new TypeError("a chat profile needs the model's chat wrapper");
  const format = reasoningFormat(profile, chatWrapper);
  if (request.reasoningBudget !== undefined && format === "none")
    throw new ChatError(
      `${basename(profile.modelPath)} has no thought segments in its chat template and its profile says "reasoning": "none", so ` +
        `there is no reasoning for a budget to cap`,
      "reasoningBudget",
    );
  const system = request.system ?? profile.systemPrompt;
  const maxAnswer = request.maxAnswerTokens ?? CHAT_DEFAULTS.maxAnswerTokens;
  const budget = request.reasoningBudget ?? Infinity;
  const reserve = Math.min(Math.floor(policy.contextSize / 2), Math.min(budget, policy.contextSize) + maxAnswer);
  const tokensOf = (history: ChatHistoryItem[]): Token[] =>
    chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
  const fit = await fitHistory(
    request.history,
    (kept) => tokensOf(chatHistoryFor(system, kept, request.message)).length,
    policy.contextSize,
    reserve,
  );
  const history = chatHistoryFor(system, fit.kept, request.message);
  const context = tokensOf(history);
  const meter = new TurnMeter(onChunk);
  const sampling = request.sampling ?? {};
  const reasoningIds: number[] = [];
  let reasoning = "";
  let text = "";
  let answerTokens = 0;
  let budgetHit = false;
  let stoppedBy: ChatStop = "done";
  let evaluated: number[] = [];
  const line = format === "steps" ? answerLine(profile) : undefined;
  const pattern = new RegExp(profile.answerPattern, "m");

  await policy.withSequence(context, async (sequence) => {
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
    try {
      const generate = async (items: ChatHistoryItem[], maxTokens: number, thoughtBudget?: number) => {
        const res = await chat.generateResponse(items, {
          maxTokens,
          signal,
          stopOnAbortSignal: true,
          temperature: sampling.temperature ?? 0,
          ...(sampling.topK !== undefined && { topK: sampling.topK }),
          ...(sampling.topP !== undefined && { topP: sampling.topP }),
          ...(sampling.minP !== undefined && { minP: sampling.minP }),
          ...(sampling.seed !== undefined && { seed: sampling.seed }),
          ...(format === "thought" && {
            budgets: { thoughtTokens: thoughtBudget ?? Infinity, includeCurrentResponse: true },
          }),
          onResponseChunk: (chunk) => {
            if (chunk.tokens.length > 0) meter.tokens(chunk.tokens.length);
            if (chunk.type === "segment" && chunk.segmentType === "thought") {
              reasoningIds.push(...chunk.tokens);
              reasoning += chunk.text;
              meter.emit("reasoning", chunk.text);
            } else if (chunk.type === undefined) {
              if (format === "steps") stepsChunk(chunk.text, chunk.tokens);
              else {
                answerTokens += chunk.tokens.length;
                text += chunk.text;
                meter.emit("answer", chunk.text);
              }
            }
          },
        });
        if (res.metadata.stopReason === "abort") stoppedBy = "aborted";
        else if (res.metadata.stopReason === "maxTokens") stoppedBy = "length";
        return res;
      };
      const room = policy.contextSize - context.length;
      if (format === "steps") {
        // Reasoning up to the budget; without an answer line by then, the answer cue continues the response.
        await generate(history, Math.min(room, budget === Infinity ? room : budget));
        if (extractAnswer(text, pattern) === undefined && stoppedBy !== "aborted" && line) {
          budgetHit = budget !== Infinity && reasoningIds.length >= budget;
          if (stoppedBy === "length" && !budgetHit) return;
          stoppedBy = "done";
          const lead = text.trimEnd() + (text.trim() === "" ? "" : profile.stepDelimiter) + line.cue;
          text = lead;
          const cued = chatHistoryFor(system, fit.kept, request.message, [lead]);
          const left = policy.contextSize - tokensOf(cued).length;
          if (left <= 0) stoppedBy = "length";
          else await generate(cued, Math.min(maxAnswer, left));
        }
      } else {
        await generate(history, Math.min(room, (budget === Infinity ? room : budget) + maxAnswer), budget);
        budgetHit = budget !== Infinity && reasoningIds.length >= budget;
      }
      evaluated = [...sequence.contextTokens];
    } finally {
      chat.dispose({ disposeSequence: false });
    }
  });

  let answer = text.trim();
  if (format === "steps") {
    // Reasoning is what comes before the answer line; the answer is the line's group (the whole text without one).
    const cut = answerStart(text, profile.stepDelimiter, pattern);
    reasoning = text.slice(0, cut).trim();
    answer = extractAnswer(text.slice(cut), pattern) ?? text.slice(cut).trim();
  }
  return {
    reasoning: reasoning.trim(),
    answer,
    reasoningFormat: format,
    tokens: { context: context.length, reasoning: reasoningIds.length, answer: answerTokens },
    budgetHit,
    stoppedBy,
    droppedExchanges: fit.dropped,
    ...meter.timings(),
    ...(request.withTokenIds && { tokenIds: { context: evaluated, reasoning: reasoningIds } }),
  };

  /** `steps` text: tokens count as reasoning until the answer line starts, as answer after. */
  function stepsChunk(piece: string, tokens: Token[]): void {
    const inAnswer = extractAnswer(text, pattern) !== undefined || (line !== undefined && text.includes(line.cue));
    text += piece;
    if (inAnswer) {
      answerTokens += tokens.length;
      meter.emit("answer", piece);
    } else {
      reasoningIds.push(...tokens);
      meter.emit("reasoning", piece);
    }
  }
}

/** Where the answer step starts in `steps` text: the start of the step the pattern first matches, else the end. */
function answerStart(text: string, delimiter: string, pattern: RegExp): number {
  let at = 0;
  for (const part of text.split(delimiter)) {
    if (extractAnswer(part, pattern) !== undefined) return at;
    at += part.length + delimiter.length;
  }
  return text.length;
}
