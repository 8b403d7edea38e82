import type { PolicyCost } from "../policy/Policy.js";
import type { CompletionUsage, StreamedCompletion } from "./CompletionStream.js";

/**
 * What a policy server reported across the requests of one OpenAiPolicy, summed. Each counter is the server's own
 * (its `usage` and, from llama-server, its `timings`), not counted again by Mull; `missing` says which a server could
 * not give, so a figure built on them is never silently zero.
 */
export interface RemoteCounters {
  /** Completion requests sent (one per `expand` chunk or rollout step, each with n completions). */
  requests: number;
  /** Completions received. */
  completions: number;
  /** Prompt tokens, cached or not (usage.prompt_tokens), counted once per request's prefill. */
  promptTokens: number;
  /** Prompt tokens the server found in its cache (usage.prompt_tokens_details.cached_tokens). */
  cachedTokens: number;
  /** Prompt tokens the server ran through the model: promptTokens − cachedTokens. */
  evaluatedTokens: number;
  /** Tokens sampled, end-of-generation included (usage.completion_tokens). */
  generatedTokens: number;
  /** llama-server's prompt-processing time (timings.prompt_ms), milliseconds; 0 where missing. */
  serverPromptMs: number;
  /** llama-server's generation time (timings.predicted_ms), milliseconds; 0 where missing. */
  serverPredictedMs: number;
  /** Wall time of the requests as Mull waited for them, milliseconds (requests at once overlap). */
  wallMs: number;
  /**
   * Counters the server did not give in at least one answer, in words: `cached tokens` (no
   * prompt_tokens_details.cached_tokens: vLLM without --enable-prompt-tokens-details; then cached tokens count as
   * evaluated), `server times` (no timings: vLLM and SGLang send none), `usage` (no usage at all: token counts are
   * those Mull received).
   */
  missing: string[];
}

/** Counters before any request. */
export function emptyCounters(): RemoteCounters {
  return {
    requests: 0,
    completions: 0,
    promptTokens: 0,
    cachedTokens: 0,
    evaluatedTokens: 0,
    generatedTokens: 0,
    serverPromptMs: 0,
    serverPredictedMs: 0,
    wallMs: 0,
    missing: [],
  };
}

/** Costs of one request's completions, and what the request adds to the counters. */
export interface CompletionCosts {
  /** One PolicyCost per choice of the completion, in index order. */
  costs: PolicyCost[];
  /** This request's counters (add them with addCounters). */
  counters: RemoteCounters;
}

/**
 * The costs of one completion request with n choices, from the server's own usage and timings.
 *
 * The prompt is evaluated once per request: llama-server's `n_cmpl` evaluates it on one slot and copies that slot's
 * KV cache to the others (server-context.cpp `copy_state_to`), and the children's usage repeats the parent's prompt
 * counts (their stats are copied too). So the first choice is charged the request's prefill, evaluated = prompt −
 * cached, and the others none, with the whole prompt counted as reused — as LlamaPolicy charges a shared prefill to
 * its first candidate — and the costs of a request sum to what the server spent. Generated tokens are each choice's
 * `completion_tokens`, or, where the server sent one usage for the request (vLLM), the tokens Mull received for that
 * choice. `ms` is the request's wall time for every choice (they decode at once, as LlamaPolicy's candidates do).
 * Without cached_tokens the whole prompt counts as evaluated: the server did not say it saved anything.
 */
export function completionCosts(completion: StreamedCompletion, ms: number): CompletionCosts {
  const counters = emptyCounters();
  counters.requests = 1;
  counters.completions = completion.choices.length;
  counters.wallMs = ms;
  const first = completion.choices[0];
  const prefill: CompletionUsage | undefined = first?.usage ?? completion.usage;
  const promptTokens = prefill?.promptTokens ?? 0;
  const cached = Math.min(prefill?.cachedTokens ?? 0, promptTokens);
  const missing = new Set<string>();
  if (!prefill) missing.add("usage");
  else if (prefill.cachedTokens === undefined) missing.add("cached tokens");
  counters.promptTokens = promptTokens;
  counters.cachedTokens = cached;
  counters.evaluatedTokens = promptTokens - cached;
  if (first?.timings) counters.serverPromptMs = first.timings.promptMs;
  const costs = completion.choices.map((choice, i): PolicyCost => {
    const generatedTokens = choice.usage?.completionTokens ?? choice.tokens.length;
    counters.generatedTokens += generatedTokens;
    if (choice.timings) counters.serverPredictedMs += choice.timings.predictedMs;
    else missing.add("server times");
    return i === 0
      ? { generatedTokens, evaluatedTokens: promptTokens - cached, reusedTokens: cached, ms }
      : { generatedTokens, evaluatedTokens: 0, reusedTokens: promptTokens, ms };
  });
  counters.missing = [...missing];
  return { costs, counters };
}

/** `into` plus `more`, counter by counter; `missing` is the union. */
export function addCounters(into: RemoteCounters, more: RemoteCounters): RemoteCounters {
  return {
    requests: into.requests + more.requests,
    completions: into.completions + more.completions,
    promptTokens: into.promptTokens + more.promptTokens,
    cachedTokens: into.cachedTokens + more.cachedTokens,
    evaluatedTokens: into.evaluatedTokens + more.evaluatedTokens,
    generatedTokens: into.generatedTokens + more.generatedTokens,
    serverPromptMs: into.serverPromptMs + more.serverPromptMs,
    serverPredictedMs: into.serverPredictedMs + more.serverPredictedMs,
    wallMs: into.wallMs + more.wallMs,
    missing: [...new Set([...into.missing, ...more.missing])],
  };
}
