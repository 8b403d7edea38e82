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
    request.reasoningBudget === undefined ? undefined : "or lower the reasoning budget",
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
  /** Where the answer line starts in a `steps` response, once it has. */
  let answerAt: number | undefined;
  const line = format === "steps" ? answerLine(profile) : undefined;
  const pattern = new RegExp(profile.answerPattern, "m");

  await policy.withSequence(context, async (sequence) => {
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
    try {
      // `steps` reasoning is stopped at its budget from inside the stream (LlamaChat's thought budget only caps
      // thought segments): this controller aborts the generation, the caller's signal still stops the turn.
      const budgetStop = new AbortController();
      const generate = async (
        items: ChatHistoryItem[],
        maxTokens: number,
        { thoughtBudget, stopAtBudget = false }: { thoughtBudget?: number; stopAtBudget?: boolean } = {},
      ) => {
        const stop = stopAtBudget ? [budgetStop.signal] : [];
        const signals = [...(signal ? [signal] : []), ...stop];
        const res = await chat.generateResponse(items, {
          maxTokens,
          ...(signals.length > 0 && { signal: AbortSignal.any(signals) }),
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
              if (format === "steps") {
                stepsChunk(chunk.text, chunk.tokens);
                if (answerAt === undefined && reasoningIds.length >= budget && !budgetStop.signal.aborted)
                  budgetStop.abort();
              } else {
                answerTokens += chunk.tokens.length;
                text += chunk.text;
                meter.emit("answer", chunk.text);
              }
            }
          },
        });
        if (signal?.aborted) stoppedBy = "aborted";
        else if (res.metadata.stopReason === "maxTokens") stoppedBy = "length";
        return res;
      };
      const room = policy.contextSize - context.length;
      if (format === "steps") {
        // Reasoning up to the budget, then the answer; if the budget ends the reasoning, or the model stops without
        // an answer line, the answer cue is appended to the response and the model continues from it.
        await generate(history, Math.min(room, budget === Infinity ? room : budget + maxAnswer), {
          stopAtBudget: true,
        });
        budgetHit = budgetStop.signal.aborted;
        if (answerAt === undefined && stoppedBy === "done" && line) {
          const lead = text.trimEnd() + (text.trim() === "" ? "" : profile.stepDelimiter);
          text = lead + line.cue;
          answerAt = lead.length;
          const cued = chatHistoryFor(system, fit.kept, request.message, [text]);
          const left = policy.contextSize - tokensOf(cued).length;
          if (left <= 0) stoppedBy = "length";
          else await generate(cued, Math.min(maxAnswer, left));
        }
      } else {
        await generate(history, Math.min(room, (budget === Infinity ? room : budget) + maxAnswer), {
          thoughtBudget: budget,
        });
        budgetHit = budget !== Infinity && reasoningIds.length >= budget;
      }
    } finally {
      evaluated = [...sequence.contextTokens];
      chat.dispose({ disposeSequence: false });
    }
  });

  let answer = text.trim();
  if (format === "steps") {
    // Reasoning is what comes before the answer line; the answer is the line's group, else (an answer line left
    // unfinished, a boxed answer never closed) what follows the cue.
    const at = answerAt ?? text.length;
    reasoning = text.slice(0, at).trim();
    const rest = text.slice(at);
    const afterCue = line && rest.includes(line.cue) ? rest.slice(rest.lastIndexOf(line.cue) + line.cue.length) : rest;
    answer = extractAnswer(rest, pattern) ?? afterCue.replace(/\}?\.?\s*$/, "").trim();
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

  /**
   * `steps` text: tokens count as reasoning until the answer line starts (the first step the answer pattern matches,
   * or the answer cue), as answer after; `answerAt` is where the answer line starts in `text`.
   */
  function stepsChunk(piece: string, tokens: Token[]): void {
    if (answerAt === undefined) {
      text += piece;
      const step = answerStart(text, profile.stepDelimiter, pattern);
      const cue = line ? text.indexOf(line.cue) : -1;
      const found = Math.min(
        step < text.length ? step : Infinity,
        cue >= 0 ? stepStart(text, cue, profile.stepDelimiter) : Infinity,
      );
      if (found === Infinity) {
        reasoningIds.push(...tokens);
        meter.emit("reasoning", piece);
        return;
      }
      answerAt = found;
      answerTokens += tokens.length;
      meter.emit("answer", piece);
      return;
    }
    text += piece;
    answerTokens += tokens.length;
    meter.emit("answer", piece);
  }
}

/** The start of the step holding position `at` (just after the last delimiter before it). */
function stepStart(text: string, at: number, delimiter: string): number {
  const before = text.lastIndexOf(delimiter, at);
  return before < 0 ? 0 : before + delimiter.length;
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
