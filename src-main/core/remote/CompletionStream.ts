import * as z from "zod";

/** What a server said it spent on one completion (OpenAI `usage`), in tokens. */
export interface CompletionUsage {
  /** Tokens of the prompt, whether evaluated now or found in the server's prompt cache. */
  promptTokens: number;
  /** Tokens the server sampled, the end-of-generation token included (llama-server and vLLM count it). */
  completionTokens: number;
  /**
   * Prompt tokens found in the server's cache and not evaluated again (`usage.prompt_tokens_details.cached_tokens`).
   * Undefined when the server does not say: vLLM only with `--enable-prompt-tokens-details`, SGLang not always.
   */
  cachedTokens: number | undefined;
}

/**
 * llama-server's own timing of one completion (its `timings` object, tools/server/server-task.cpp
 * `result_timings`): prompt tokens it evaluated and how long that took, tokens it generated and how long, and the
 * tokens of the prompt it reused from the cache. vLLM and SGLang send no such object.
 */
export interface ServerTimings {
  promptN: number;
  promptMs: number;
  predictedN: number;
  predictedMs: number;
  /** Tokens reused from the slot's cache (`cache_n`); absent in older builds. */
  cacheN: number | undefined;
}

/** One streamed completion (one `choices[].index`), put together from its chunks. */
export interface StreamedChoice {
  index: number;
  /** Every sampled token id in order, as the server reported them in its log-probabilities. */
  tokens: number[];
  /** The log-probability of each token in `tokens`, natural log, as the server gave it. */
  logProbs: number[];
  /** The text the server sent (without the stop string that ended it). */
  text: string;
  /** `stop` (a stop string or end-of-generation), `length`; null while the stream had not finished it. */
  finishReason: "stop" | "length" | null;
  /**
   * What stopped it, where the server says: vLLM's `stop_reason` and SGLang's `matched_stop` (the stop string, a
   * token id, or null for end-of-generation). Undefined from llama-server, which does not tell a stop string from
   * end-of-generation in this API (OpenAiPolicy reads the last token instead).
   */
  stopReason: string | number | null | undefined;
  /** This choice's own usage (llama-server sends one per completion); undefined if the server sent none for it. */
  usage: CompletionUsage | undefined;
  timings: ServerTimings | undefined;
}

/** A whole streamed answer. */
export interface StreamedCompletion {
  /** By index, 0 … n − 1; a choice the stream never mentioned is missing (the caller refuses that). */
  choices: StreamedChoice[];
  /** One usage for the whole request (vLLM's last chunk with `stream_options.include_usage`), when sent. */
  usage: CompletionUsage | undefined;
  /** Whether any token came without a log-probability (a server that ignores `logprobs`). */
  missingLogProbs: boolean;
}

const UsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});

const TimingsSchema = z.object({
  prompt_n: z.number(),
  prompt_ms: z.number(),
  predicted_n: z.number(),
  predicted_ms: z.number(),
  cache_n: z.number().optional(),
});

/** llama-server's form: `logprobs.content[]`, one entry per token with its id. */
const ContentLogProbsSchema = z.object({
  content: z.array(z.object({ id: z.number().int(), logprob: z.number().nullable() })),
});

/** OpenAI's legacy completions form (vLLM, SGLang): parallel `tokens` / `token_logprobs` arrays. */
const LegacyLogProbsSchema = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
});

const ChoiceSchema = z.object({
  index: z.number().int().nonnegative().default(0),
  text: z.string().nullish(),
  logprobs: z.unknown().optional(),
  finish_reason: z.string().nullish(),
  stop_reason: z.union([z.string(), z.number()]).nullish(),
  matched_stop: z.union([z.string(), z.number()]).nullish(),
});

const ChunkSchema = z.object({
  choices: z.array(ChoiceSchema).default([]),
  usage: UsageSchema.nullish(),
  timings: TimingsSchema.nullish(),
  error: z.unknown().optional(),
});

/** A chunk the stream cannot be read from: the message says what was wrong with it. */
export class CompletionFormatError extends Error {
  override readonly name = "CompletionFormatError";
}

/** An error the server reported inside the stream (`data: {"error": …}`). */
export class StreamedServerError extends Error {
  override readonly name = "StreamedServerError";
}

/** llama-server writes a probability of exactly 0 as the lowest float (JSON has no −∞); read it back as −∞. */
const LOWEST_FLOAT = -3.4e38;

/**
 * Token ids from vLLM's `return_tokens_as_token_ids` form (`token_id:123`); null for a token given only as text,
 * whose id this API cannot give.
 */
function legacyTokenId(token: string): number | null {
  const m = /^token_id:(\d+)$/.exec(token);
  return m ? Number(m[1]) : null;
}

function usageOf(u: z.infer<typeof UsageSchema> | null | undefined): CompletionUsage | undefined {
  if (!u) return undefined;
  const cached = u.prompt_tokens_details?.cached_tokens;
  return {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    cachedTokens: cached ?? undefined,
  };
}

/**
 * Puts a streamed `/v1/completions` answer together from its server-sent-event chunks (each the JSON after `data:`),
 * for llama-server (tools/server/server-task.cpp: per-token `logprobs.content[]` with token ids, a final chunk per
 * completion with `finish_reason`, `usage` and `timings`) and for servers that send OpenAI's legacy log-probability
 * arrays (vLLM, with token ids when asked for `return_tokens_as_token_ids`) and one `usage` for the request at the
 * end. Pure: the HTTP side (streamCompletion) feeds it; unit tests feed recorded chunks.
 */
export class CompletionStream {
  private readonly byIndex = new Map<number, StreamedChoice>();
  private usage: CompletionUsage | undefined;
  private missingLogProbs = false;

  /**
   * Reads one chunk.
   * @throws StreamedServerError when the chunk is the server's error report
   * @throws CompletionFormatError when the chunk is not a completion chunk, or its log-probabilities cannot be read
   */
  add(chunk: unknown): void {
    const parsed = ChunkSchema.safeParse(chunk);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CompletionFormatError(
        `a chunk is not a completion (${issue?.path.join(".") || "chunk"}: ${issue?.message})`,
      );
    }
    const { choices, usage, timings, error } = parsed.data;
    if (error !== undefined && error !== null) throw new StreamedServerError(errorText(error));
    // llama-server puts usage and timings on each completion's last chunk, which has one choice; a chunk without
    // choices is the request's usage (vLLM's include_usage chunk).
    if (choices.length === 0 && usage) this.usage = usageOf(usage);
    for (const c of choices) {
      const choice = this.choice(c.index);
      choice.text += c.text ?? "";
      this.readLogProbs(choice, c.logprobs, c.text ?? "");
      if (c.finish_reason === "stop" || c.finish_reason === "length") choice.finishReason = c.finish_reason;
      else if (c.finish_reason) choice.finishReason = "stop"; // e.g. "eos" from an older server: generation ended
      const reason = c.stop_reason !== undefined ? c.stop_reason : c.matched_stop;
      if (reason !== undefined) choice.stopReason = reason;
      if (choices.length === 1 && usage) choice.usage = usageOf(usage);
      if (choices.length === 1 && timings) choice.timings = timingsOf(timings);
    }
  }

  /** What the chunks added so far say. */
  result(): StreamedCompletion {
    const choices = [...this.byIndex.values()].sort((a, b) => a.index - b.index);
    return { choices, usage: this.usage, missingLogProbs: this.missingLogProbs };
  }

  private choice(index: number): StreamedChoice {
    let choice = this.byIndex.get(index);
    if (!choice) {
      choice = {
        index,
        tokens: [],
        logProbs: [],
        text: "",
        finishReason: null,
        stopReason: undefined,
        usage: undefined,
        timings: undefined,
      };
      this.byIndex.set(index, choice);
    }
    return choice;
  }

  private readLogProbs(choice: StreamedChoice, logprobs: unknown, text: string): void {
    if (logprobs === undefined || logprobs === null) {
      // A chunk with text but no log-probabilities means the server ignored the request for them. llama-server's
      // final chunk carries no tokens (text "") and no log-probabilities, which is fine.
      if (text !== "") this.missingLogProbs = true;
      return;
    }
    const content = ContentLogProbsSchema.safeParse(logprobs);
    if (content.success) {
      for (const t of content.data.content) {
        if (t.logprob === null) this.missingLogProbs = true;
        choice.tokens.push(t.id);
        choice.logProbs.push(logProbOf(t.logprob));
      }
      return;
    }
    const legacy = LegacyLogProbsSchema.safeParse(logprobs);
    if (legacy.success) {
      const { tokens, token_logprobs } = legacy.data;
      for (const [i, token] of tokens.entries()) {
        const id = legacyTokenId(token);
        if (id === null)
          throw new CompletionFormatError(
            `token ${JSON.stringify(token)} comes without its id (the server ignored return_tokens_as_token_ids)`,
          );
        const logprob = token_logprobs[i] ?? null;
        if (logprob === null) this.missingLogProbs = true;
        choice.tokens.push(id);
        choice.logProbs.push(logProbOf(logprob));
      }
      return;
    }
    throw new CompletionFormatError("its log-probabilities are in neither llama-server's nor OpenAI's form");
  }
}

function logProbOf(value: number | null): number {
  if (value === null) return Number.NaN;
  return value <= LOWEST_FLOAT ? -Infinity : value;
}

function timingsOf(t: z.infer<typeof TimingsSchema>): ServerTimings {
  return {
    promptN: t.prompt_n,
    promptMs: t.prompt_ms,
    predictedN: t.predicted_n,
    predictedMs: t.predicted_ms,
    cacheN: t.cache_n,
  };
}

/** The message of an OpenAI-style error object (`{message}` or `{error: {message}}`), else the value as JSON. */
export function errorText(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object") {
    const e = error as { message?: unknown; error?: unknown };
    if (typeof e.message === "string") return e.message;
    if (e.error !== undefined) return errorText(e.error);
  }
  return JSON.stringify(error);
}
