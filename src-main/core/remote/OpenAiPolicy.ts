import { emptyCandidate } from "../policy/emptyCandidate.js";
import { joinSteps } from "../policy/joinSteps.js";
import { fillTemplate } from "../models/fillTemplate.js";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PolicyProfile, Resolved } from "../models/profiles.js";
import type { CallLimits, FinishReason, Policy, PolicyCost, RolloutLimits, StepCandidate } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import { ENGINE_SAMPLING_DEFAULTS } from "../policy/TokenSampler.js";
import { seededBy } from "../policy/seededBy.js";
import { addCounters, completionCosts, emptyCounters, type RemoteCounters } from "./completionCosts.js";
import { openRemoteServer, type RemoteServer } from "./openRemoteServer.js";
import { readCandidate } from "./readCandidate.js";
import { RemoteEngineError } from "./RemoteEngineError.js";
import { REMOTE_DEFAULTS } from "./remoteParameters.js";
import { streamCompletion } from "./serverRequest.js";

/** Options of {@link OpenAiPolicy.open}. */
export interface OpenAiPolicyOptions {
  /** The server's base URL, `http://HOST:PORT/v1`. Default: the profile's `endpoint`. */
  endpoint?: string | undefined;
  /**
   * Milliseconds the server may stay silent within a request (before its answer starts or between two streamed
   * chunks) before it counts as stalled (RemoteEngineError `stalled`). Default REMOTE_DEFAULTS.timeoutSeconds.
   */
  timeoutMs?: number | undefined;
  /** Aborts the checks `open` makes. */
  signal?: AbortSignal | undefined;
}

/** The llama.cpp sampler chain LlamaPolicy's TokenSampler applies, in its order, for llama-server's `samplers`. */
const SAMPLER_CHAIN = ["top_k", "top_p", "min_p", "temperature"];

/**
 * A policy served by an inference server over the OpenAI-compatible completions API (`/v1/completions`):
 * llama.cpp's llama-server, vLLM, SGLang. Search drives it exactly as it drives LlamaPolicy, and at temperature 0 it
 * writes the same steps, tokens and finish reasons from the same GGUF (test/model/remotePolicy.test.ts).
 *
 * - The prompt is the profile's, with BOS and the path's steps each followed by the delimiter. With a local GGUF
 *   (the profile's `gguf`; a bare URL means the embedded 6M's) it is built as token ids exactly as LlamaPolicy
 *   builds it (buildPrefixTokens, the chat template included) and sent as ids; without one it is sent as text
 *   (`raw` profiles only) and the server adds BOS as its vocabulary says.
 * - Every request streams (server-sent events) with `stop` = the step delimiter, `logprobs` = 1 with
 *   `post_sampling_probs: false` (llama-server: each token's probability under the model's own softmax at
 *   temperature 1 over the whole vocabulary, as LlamaPolicy reports it), `cache_prompt: true` (the server keeps
 *   the path's KV cache for the next step), and the sampling's temperature, top-k, top-p, min-p (node-llama-cpp's
 *   defaults where unset, as in-process) and seed.
 * - `expand` asks llama-server for its k candidates in one request (`n_cmpl`, at most the server's slots per
 *   request): it evaluates the prefix once and gives child i seed + i (server-task.h `add_child`), the same seeds as
 *   in-process. Servers without llama-server's /props get k requests of one completion, seed + i each.
 * - A rollout is decoded a step at a time (one request per step, the path cached by the server), step j with seed
 *   + j, so it stops at an answer line, which no stop string can express. At temperature 0 this is the same text
 *   as LlamaPolicy's single decode; sampled, the server's random generator is not Mull's (TokenSampler), so the
 *   same seed gives another sample than in-process (each is repeatable on its own engine).
 * - Costs come from the server's `usage` (completionCosts): evaluated = prompt − cached tokens, reused = cached,
 *   generated = completion tokens (the server counts the end-of-generation token it sampled; LlamaPolicy does not).
 *   `counters()` sums them with llama-server's `timings` and says which counters the server did not give.
 *
 * Errors are RemoteEngineErrors naming the URL (unreachable, died, stalled, no-logprobs, vocabulary, model, http,
 * bad-response). A caller's abort ends a call with what was generated, finish reason `aborted`.
 */
export class OpenAiPolicy implements Policy {
  private readonly answerPattern: RegExp;
  private totals: RemoteCounters = emptyCounters();

  private constructor(
    readonly profile: Resolved<PolicyProfile>,
    private readonly server: RemoteServer,
    private readonly timeoutMs: number,
  ) {
    this.answerPattern = new RegExp(profile.answerPattern, "m");
  }

  /**
   * Connects to the server the profile (or `options.endpoint`) names and checks, before any search relies on it,
   * that it answers, that it serves a model, that it gives per-token log-probabilities, and — when the profile
   * names a local GGUF — that its model has that GGUF's vocabulary (openRemoteServer). Each failure is a
   * RemoteEngineError naming the URL.
   */
  static async open(profile: Resolved<PolicyProfile>, options: OpenAiPolicyOptions = {}): Promise<OpenAiPolicy> {
    const endpoint = (options.endpoint ?? profile.endpoint)?.replace(/\/+$/, "");
    if (!endpoint) throw new TypeError(`${profile.profilePath}: a remote policy needs an endpoint`);
    if (profile.promptFormat === "chat" && profile.gguf === undefined)
      throw new ModelFileError(
        profile.profilePath,
        `field "promptFormat" is "chat": a remote policy needs field "gguf" (the model's chat template is read there)`,
      );
    const timeoutMs = options.timeoutMs ?? REMOTE_DEFAULTS.timeoutSeconds * 1000;
    const server = await openRemoteServer(endpoint, profile, { timeoutMs, signal: options.signal });
    return new OpenAiPolicy(profile, server, timeoutMs);
  }

  /** The server's base URL (`http://HOST:PORT/v1`). */
  get endpoint(): string {
    return this.server.endpoint;
  }

  /** The model name requests carry (the server's, from /v1/models). */
  get modelName(): string {
    return this.server.model;
  }

  /**
   * What the server reported over every request so far (prompt, cached, evaluated and generated tokens, its own
   * times), and which of those counters it could not give (RemoteCounters.missing).
   */
  counters(): RemoteCounters {
    return { ...this.totals, missing: [...this.totals.missing] };
  }

  async expand(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits: CallLimits = {},
  ): Promise<StepCandidate[]> {
    const maxTokens = Math.min(this.profile.maxStepTokens, limits.maxTokens ?? Infinity);
    const prompt = this.prompt(problem, path);
    // llama-server takes at most its slot count per request (n_cmpl's hard limit); other servers get one each.
    const perRequest = this.server.slots ?? 1;
    const requests: Promise<StepCandidate[]>[] = [];
    for (let first = 0; first < k; first += perRequest)
      requests.push(this.step(prompt, Math.min(perRequest, k - first), seededBy(sampling, first), maxTokens, signal));
    return (await Promise.all(requests)).flat();
  }

  /**
   * A rollout from `path`, decoded a step at a time (see the class comment): until an answer line, EOS, the steps
   * `limits.maxSteps` allows (else what the profile's maxSteps leaves), or the tokens `limits.maxTokens` allows (else
   * maxStepTokens for each step the profile's maxSteps leaves). Step j samples with seed + j. Text, tokens,
   * log-probabilities and costs are the steps' joined or summed.
   */
  rollout(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ): Promise<StepCandidate> {
    return this.rolloutSteps(problem, path, sampling, signal, limits);
  }

  /**
   * k rollouts (Policy.rollouts), sent at once: rollout i samples with seed + i × M, its step j with + j, where M is
   * the step limit (limits.maxSteps, else what the profile's maxSteps leaves), so no two steps share a seed. Unlike
   * LlamaPolicy's, the prefix is not evaluated once for all k: their seeds are not consecutive, as one `n_cmpl`
   * request's are, so each rollout is its own request and the server's slots each evaluate what their cache lacks
   * (the costs say so).
   */
  async rollouts(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ): Promise<StepCandidate[]> {
    const steps = this.stepLimit(path, limits);
    return Promise.all(
      Array.from({ length: k }, (_, i) =>
        this.rolloutSteps(problem, path, seededBy(sampling, i * steps), signal, limits),
      ),
    );
  }

  /**
   * Tokens of the prompt plus `path` as the server evaluates them: built locally from the GGUF when there is one,
   * else the server's own tokenization (llama-server's /tokenize, BOS included).
   */
  async prefixTokenIds(problem: string, path: readonly string[]): Promise<number[]> {
    const prompt = this.prompt(problem, path);
    return typeof prompt === "string" ? this.server.tokenize(prompt, true) : prompt;
  }

  /**
   * Nothing to drop on this side: the KV caches are the server's. It keeps its prompt cache across searches, so a
   * search that follows another on the same problem may be charged less (the cached tokens it reports); a server
   * shared with other clients is charged what they leave there too.
   */
  async reset(): Promise<void> {}

  /** Lets go of the local vocabulary; the server is not this object's to stop. */
  async dispose(): Promise<void> {
    await this.server.dispose();
  }

  /** Most steps a rollout from `path` may write: limits.maxSteps, else what the profile's maxSteps leaves (≥ 1). */
  private stepLimit(path: readonly string[], limits: RolloutLimits): number {
    return limits.maxSteps ?? Math.max(1, this.profile.maxSteps - path.length);
  }

  private async rolloutSteps(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal: AbortSignal | undefined,
    limits: RolloutLimits,
  ): Promise<StepCandidate> {
    const maxSteps = this.stepLimit(path, limits);
    const left0 = Math.max(1, this.profile.maxSteps - path.length) * this.profile.maxStepTokens;
    let left = Math.min(left0, limits.maxTokens ?? Infinity);
    const steps: StepCandidate[] = [];
    let finishReason: FinishReason = "length";
    while (steps.length < maxSteps && left > 0) {
      const prompt = this.prompt(problem, [...path, ...steps.map((c) => c.text)]);
      const maxTokens = Math.min(this.profile.maxStepTokens, left);
      const [step] = await this.step(prompt, 1, seededBy(sampling, steps.length), maxTokens, signal);
      if (!step) break;
      steps.push(step);
      left -= step.tokens.length;
      if (step.finishReason !== "step") {
        finishReason = step.finishReason;
        break;
      }
    }
    return joinSteps(steps, this.profile.stepDelimiter, finishReason);
  }

  /**
   * The prompt plus the path: token ids built as LlamaPolicy builds them when the GGUF is here (a prompt that
   * leaves no room in the server's context is a ContextOverflowError, as in-process), else the text.
   */
  private prompt(problem: string, path: readonly string[]): number[] | string {
    const local = this.server.vocabulary;
    if (!local)
      return fillTemplate(this.profile.prompt, { problem }) + path.map((s) => s + this.profile.stepDelimiter).join("");
    const tokens = local.prefixTokens(problem, path);
    const contextSize = this.server.contextSize;
    if (contextSize !== undefined && tokens.length >= contextSize && path.length > 0) {
      const prompt = local.prefixTokens(problem, []);
      if (prompt.length >= contextSize)
        throw new ContextOverflowError(this.profile.modelPath, "prompt", prompt.length, contextSize);
    } else if (contextSize !== undefined && tokens.length >= contextSize)
      throw new ContextOverflowError(this.profile.modelPath, "prompt", tokens.length, contextSize);
    return tokens;
  }

  /**
   * One completion request of n candidates after `prompt` (candidate i with seed + i), each read as a step
   * (readCandidate) and charged its share of what the server reported (completionCosts). A prefix that fills the
   * server's context gets n empty `length` candidates without a request, as in-process.
   */
  private async step(
    prompt: number[] | string,
    n: number,
    sampling: Sampling,
    maxTokens: number,
    signal: AbortSignal | undefined,
  ): Promise<StepCandidate[]> {
    const contextSize = this.server.contextSize;
    const room = typeof prompt === "string" || contextSize === undefined ? Infinity : contextSize - prompt.length;
    const limit = Math.min(maxTokens, room);
    if (limit <= 0 || signal?.aborted)
      return Array.from({ length: n }, () => emptyCandidate(signal?.aborted ? "aborted" : "length"));
    const temperature = sampling.temperature ?? 0;
    const body: Record<string, unknown> = {
      model: this.server.model,
      prompt,
      max_tokens: limit,
      n,
      temperature,
      top_k: sampling.topK ?? ENGINE_SAMPLING_DEFAULTS.topK,
      top_p: sampling.topP ?? ENGINE_SAMPLING_DEFAULTS.topP,
      min_p: sampling.minP ?? ENGINE_SAMPLING_DEFAULTS.minP,
      ...(sampling.seed !== undefined && { seed: sampling.seed }),
      stop: [this.profile.stepDelimiter],
      logprobs: 1,
      stream_options: { include_usage: true },
      // llama-server: the model's own probabilities, the prompt cache kept, the sampler chain in-process uses.
      post_sampling_probs: false,
      cache_prompt: true,
      samplers: SAMPLER_CHAIN,
      // vLLM: token ids in its log-probabilities, and a stop reason that tells a stop string from EOS.
      return_tokens_as_token_ids: true,
    };
    const answer = await streamCompletion(this.endpoint, body, { timeoutMs: this.timeoutMs, signal });
    const { completion } = answer;
    if (completion.missingLogProbs)
      throw new RemoteEngineError(
        this.endpoint,
        "no-logprobs",
        `policy server ${this.endpoint} answers without per-token log-probabilities, which search needs`,
      );
    if (!answer.aborted && completion.choices.length !== n)
      throw new RemoteEngineError(
        this.endpoint,
        "bad-response",
        `policy server ${this.endpoint} sent ${completion.choices.length} completions for n = ${n}`,
      );
    const { costs, counters } = completionCosts(completion, answer.ms);
    this.totals = addCounters(this.totals, counters);
    const options = {
      stepDelimiter: this.profile.stepDelimiter,
      answerPattern: this.answerPattern,
      vocabulary: this.server.vocabulary,
      eogTokens: this.server.eogTokens,
      aborted: answer.aborted,
    };
    const candidates = completion.choices.map((choice, i) => ({
      ...readCandidate(choice, options),
      cost: costs[i] as PolicyCost,
    }));
    while (candidates.length < n) candidates.push(emptyCandidate("aborted"));
    return candidates;
  }
}
