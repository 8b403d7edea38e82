import { joinSteps } from "./joinSteps.js";
import { seededBy } from "./seededBy.js";
import { statSync } from "node:fs";
import type {
  ChatHistoryItem,
  ChatWrapper,
  GbnfJsonSchema,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from "node-llama-cpp";
import type { ChatModel } from "../chat/ChatModel.js";
import type { ChatChunk, ChatTurnRequest, ChatTurnResult } from "../chat/ChatTurn.js";
import { runChatTurn } from "../chat/runChatTurn.js";
import { completeJsonOnSequence, type JsonCompletion } from "./completeJson.js";
import type { StructuredModel } from "./StructuredModel.js";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { loadPolicyProfile, type PolicyProfile, type Resolved } from "../models/profiles.js";
import { validateGguf } from "../models/validateGguf.js";
import { buildPrefixTokens } from "./buildPrefixTokens.js";
import { checkPromptFormat } from "./checkPromptFormat.js";
import { decodeOnSequence } from "./decodeOnSequence.js";
import { defaultThreads } from "./defaultThreads.js";
import { threadsFromEnv } from "./threadsFromEnv.js";
import { backendFromEnv } from "./backendFromEnv.js";
import { explainLlamaFailure } from "./llamaLog.js";
import { loadLlama, type Backend } from "./loadLlama.js";
import { forwardOnly, loadProgress, type LoadProgress } from "../engine/LoadProgress.js";
import type { CallLimits, FinishReason, Policy, RolloutLimits, StepCandidate } from "./Policy.js";
import type { Sampling } from "./Sampling.js";
import { SequencePool, type PooledSequence } from "./SequencePool.js";
import { sharePrefix, type SharedPrefill } from "./sharePrefix.js";
import { splitSteps } from "./splitSteps.js";

export interface LlamaPolicyOptions {
  /** Compute backend. Default: MULL_BACKEND (backendFromEnv), else `cpu`. */
  backend?: Backend;
  /** Threads for evaluation. Default: the MULL_THREADS environment variable, else `defaultThreads`. */
  threads?: number;
  /** Sequences that can decode at once, batched together by llama.cpp. Default 1. */
  sequences?: number;
  /** Context size per sequence, in tokens. Default: the model's training context, at most 1024. */
  contextSize?: number;
  /** Layers offloaded to the GPU: a number, "max", or "auto" (default: as many as fit). Ignored on the CPU. */
  gpuLayers?: number | "max" | "auto";
  /**
   * Reuse KV state across calls: route each call to the sequence with the longest cached prefix, and evaluate a
   * prefix shared by concurrent candidates once. `false` evaluates every call's whole prefix (a baseline for
   * measuring reuse). Default true.
   */
  prefixReuse?: boolean;
  /** Skip the header check. Only for testing what happens when llama.cpp aborts on a file (EngineHost). */
  skipValidation?: boolean;
}

/** A whole solution, as `generateSolution` returns it. */
export interface GeneratedSolution {
  text: string;
  steps: string[];
  answer: string | undefined;
  finishReason: FinishReason;
  logProb: number;
  generatedTokens: number;
  evaluatedTokens: number;
  ms: number;
}

/**
 * A GGUF policy on node-llama-cpp. The header is validated before llama.cpp loads the file (some malformed
 * files abort the process); generations run on a pool of sequences in one context, so concurrent candidates
 * are decoded in one batch and a path's cached prefix is not evaluated again.
 */
export class LlamaPolicy implements Policy, StructuredModel, ChatModel {
  private readonly pool: SequencePool;
  /** Every sequence of the context, lent out or not: what `kvCache` reports on. */
  private readonly sequences: readonly LlamaContextSequence[];
  private readonly answerPattern: RegExp;

  private constructor(
    readonly profile: Resolved<PolicyProfile>,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
    /** The compute backend in use, and why. */
    readonly backend: { requested: Backend; used: string; reason: string },
    /** The GGUF's own chat template for a `chat` profile (resolvePolicyChatWrapper); null for `raw`. */
    readonly chatWrapper: ChatWrapper | null,
    prefixReuse = true,
  ) {
    this.sequences = Array.from({ length: context.totalSequences }, () => context.getSequence());
    this.pool = new SequencePool([...this.sequences], { reuse: prefixReuse });
    this.answerPattern = new RegExp(profile.answerPattern, "m");
  }

  /**
   * Loads the policy described by a profile (`<model>.profile.json`). `onProgress` hears each stage as it starts
   * (the bindings, the weights, the context) and the weights stage as llama.cpp reads the file (node-llama-cpp's
   * `onLoadProgress`), so a view can say what a cold start is waiting on.
   */
  static async load(
    profilePath: string,
    options: LlamaPolicyOptions = {},
    onLoadProgress?: (progress: LoadProgress) => void,
  ): Promise<LlamaPolicy> {
    const onProgress = onLoadProgress && forwardOnly(onLoadProgress);
    const profile = loadPolicyProfile(profilePath);
    if (!options.skipValidation) await validateGguf(profile.modelPath);
    onProgress?.(loadProgress("bindings"));
    const backend = await loadLlama(options.backend ?? backendFromEnv() ?? "cpu");
    const { llama } = backend;
    onProgress?.(loadProgress("weights"));
    const model = await explainLlamaFailure(profile.modelPath, "load the model", () =>
      llama.loadModel({
        modelPath: profile.modelPath,
        gpuLayers: backend.used === "cpu" ? 0 : (options.gpuLayers ?? "auto"),
        ...(onProgress && { onLoadProgress: (p: number) => onProgress(loadProgress("weights", p)) }),
      }),
    );
    onProgress?.(loadProgress("context"));
    const sequences = options.sequences ?? 1;
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 1024);
    const context = await explainLlamaFailure(
      profile.modelPath,
      `create a context of ${sequences} × ${contextSize} tokens`,
      () =>
        model.createContext({
          sequences,
          contextSize,
          threads:
            options.threads ?? threadsFromEnv() ?? defaultThreads(statSync(profile.modelPath).size, llama.cpuMathCores),
        }),
    ).catch(async (e: unknown) => {
      await model.dispose();
      throw e;
    });
    const used = { requested: backend.requested, used: backend.used, reason: backend.reason };
    try {
      const chatWrapper = checkPromptFormat(model, profile);
      return new LlamaPolicy(profile, model, context, used, chatWrapper, options.prefixReuse ?? true);
    } catch (e) {
      await context.dispose();
      await model.dispose();
      throw e;
    }
  }

  /** Threads llama.cpp evaluates with on this policy's context. */
  get threads(): number {
    return this.context.currentThreads;
  }

  /**
   * Tokens llama.cpp has run through the model on this policy's context since loading, read from node-llama-cpp's
   * token meters: prompt and path tokens, and each sampled token fed back to get the next one. The engine's own
   * count, so the benchmark does not rely on the policy's per-call accounting to check that accounting.
   */
  get evaluatedByEngine(): number {
    return this.sequences.reduce((n, s) => n + s.tokenMeter.usedInputTokens + s.tokenMeter.usedOutputTokens, 0);
  }

  /** The context's size per sequence and the KV-cache cells each sequence holds now (for the Resources view). */
  kvCache(): { contextSize: number; sequences: { index: number; cachedTokens: number }[] } {
    const sequences = this.sequences.map((s, index) => ({ index, cachedTokens: s.nextTokenIndex }));
    return { contextSize: this.context.contextSize, sequences };
  }

  /**
   * Tokens of the prompt plus the path so far (see buildPrefixTokens). A path that fills the context is returned
   * as it is (decoding after it ends at once with finish reason `length`); a prompt that leaves no room to generate
   * is a ContextOverflowError naming the model file, the prompt's tokens and the context size.
   */
  prefixTokens(problem: string, path: readonly string[]): Token[] {
    const tokens = buildPrefixTokens(this.model, this.profile, problem, path, this.chatWrapper);
    if (tokens.length < this.context.contextSize) return tokens;
    const prompt =
      path.length === 0 ? tokens : buildPrefixTokens(this.model, this.profile, problem, [], this.chatWrapper);
    if (prompt.length >= this.context.contextSize) {
      const trained = this.model.trainContextSize;
      const hint =
        trained > this.context.contextSize
          ? `the model was trained on ${trained} tokens: load it with a larger contextSize`
          : "shorten the problem";
      throw new ContextOverflowError(this.profile.modelPath, "prompt", prompt.length, this.context.contextSize, hint);
    }
    return tokens;
  }

  async expand(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits: CallLimits = {},
  ): Promise<StepCandidate[]> {
    const prefix = this.prefixTokens(problem, path);
    const maxTokens = Math.min(this.profile.maxStepTokens, limits.maxTokens ?? Infinity);
    const { group, shared } = await this.prefillGroup(prefix, k);
    const candidates = await Promise.all(
      Array.from({ length: k }, (_, i) =>
        this.decode(prefix, "step", maxTokens, seededBy(sampling, i), signal, group[i]),
      ),
    );
    return chargeShared(candidates, shared);
  }

  /**
   * k rollouts of `path` (Policy.rollouts) from one evaluation of the prefix: the group of sequences free now is
   * filled by prefillGroup, as `expand` does, and each rollout decodes on its own sequence (rollouts beyond the free
   * sequences wait for one, which by then holds the prefix). Limits as `rollout`'s. Rollout i samples with seed + i,
   * or with `limits.maxSteps` seed + i × maxSteps (its step j: + j).
   */
  async rollouts(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ): Promise<StepCandidate[]> {
    const prefix = this.prefixTokens(problem, path);
    const maxTokens = this.rolloutTokens(path, limits);
    const { maxSteps } = limits;
    const { group, shared } = await this.prefillGroup(prefix, k);
    const candidates = await Promise.all(
      Array.from({ length: k }, (_, i) =>
        maxSteps === undefined
          ? this.decode(prefix, "answer", maxTokens, seededBy(sampling, i), signal, group[i])
          : this.rolloutSteps(problem, path, seededBy(sampling, i * maxSteps), signal, maxTokens, maxSteps, group[i]),
      ),
    );
    return chargeShared(candidates, shared);
  }

  /** Tokens of the prompt plus `path` (Policy.prefixTokenIds; see prefixTokens). */
  async prefixTokenIds(problem: string, path: readonly string[]): Promise<number[]> {
    return this.prefixTokens(problem, path);
  }

  /**
   * Sequences for k candidates decoding from one prefix, with the prefix evaluated once among them (sharePrefix):
   * the group takes the sequences free now; candidates beyond them acquire one when they decode, which by then holds
   * this prefix from a finished candidate. Without prefix reuse, or for one candidate, the group is empty and each
   * decode evaluates its prefix on its own. What the shared prefill cost is returned to be charged (chargeShared).
   */
  private async prefillGroup(
    prefix: Token[],
    k: number,
  ): Promise<{ group: PooledSequence[]; shared: SharedPrefill | undefined }> {
    const group: PooledSequence[] = [];
    if (!this.pool.reuse || k <= 1) return { group, shared: undefined };
    group.push(await this.pool.acquire(prefix));
    while (group.length < k) {
      const next = this.pool.tryAcquire(prefix, { spare: true });
      if (!next) break;
      group.push(next);
    }
    try {
      return { group, shared: await sharePrefix(group[0] as PooledSequence, group.slice(1), prefix) };
    } catch (e) {
      for (const pooled of group) this.pool.release(pooled.sequence);
      throw e;
    }
  }

  /** Tokens a rollout from `path` may generate: maxStepTokens for each step the profile's maxSteps leaves, or less. */
  private rolloutTokens(path: readonly string[], limits: RolloutLimits): number {
    const left = Math.max(1, this.profile.maxSteps - path.length) * this.profile.maxStepTokens;
    return Math.min(left, limits.maxTokens ?? Infinity);
  }

  /**
   * Continues `path` to an answer. Without a step limit, one decode until an answer line, EOS, or a token limit
   * of maxStepTokens for each step the profile's maxSteps leaves (or `limits.maxTokens`, if smaller). With one,
   * step by step (see rolloutSteps).
   */
  rollout(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ): Promise<StepCandidate> {
    const maxTokens = this.rolloutTokens(path, limits);
    if (limits.maxSteps !== undefined)
      return this.rolloutSteps(problem, path, sampling, signal, maxTokens, limits.maxSteps);
    return this.decode(this.prefixTokens(problem, path), "answer", maxTokens, sampling, signal);
  }

  /**
   * A rollout of at most `maxSteps` steps and `maxTokens` tokens in all, decoded one step at a time (as `expand`
   * decodes a step: up to the delimiter, at most maxStepTokens), so that it stops at the step limit instead of
   * writing past it. Each step's prefix is the path so far, found in the KV cache but for the last step's
   * delimiter. Step j samples with seed + j. Ends with the last step's finish reason, or `length` when a limit
   * ends it without an answer; text, tokens, log-probabilities and costs are the steps' joined or summed. `lent`,
   * a sequence prefillGroup filled with the path's prefix, decodes the first step.
   */
  private async rolloutSteps(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal: AbortSignal | undefined,
    maxTokens: number,
    maxSteps: number,
    lent?: PooledSequence,
  ): Promise<StepCandidate> {
    const steps: StepCandidate[] = [];
    let left = maxTokens;
    let finishReason: FinishReason = "length";
    while (steps.length < maxSteps && left > 0) {
      const seeded = seededBy(sampling, steps.length);
      const prefix = this.prefixTokens(problem, [...path, ...steps.map((c) => c.text)]);
      const first = steps.length === 0 ? lent : undefined;
      const step = await this.decode(prefix, "step", Math.min(this.profile.maxStepTokens, left), seeded, signal, first);
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
   * The prompt as tokens for a structured completion: `raw` profiles take the text as it is (with BOS when the
   * profile asks); `chat` profiles put it in the user turn of the model's own chat template, the model's turn left
   * open. Used by the reader (core/memory) to count and to lay out its prompts.
   */
  promptTokens(text: string): Token[] {
    if (this.profile.promptFormat === "chat") {
      if (!this.chatWrapper) throw new TypeError("a chat profile needs the model's chat wrapper");
      const chatHistory: ChatHistoryItem[] = [
        ...(this.profile.systemPrompt ? [{ type: "system" as const, text: this.profile.systemPrompt }] : []),
        { type: "user", text },
        { type: "model", response: [""] },
      ];
      return this.chatWrapper.generateContextState({ chatHistory }).contextText.tokenize(this.model.tokenizer);
    }
    const bos = this.model.tokens.bos;
    const tokens = this.model.tokenize(text);
    return this.profile.addBos && bos !== null ? [bos, ...tokens] : tokens;
  }

  /** Tokens of each text in this model's vocabulary (no BOS, no template): what the chunker counts. */
  async countTokens(texts: readonly string[]): Promise<number[]> {
    return texts.map((t) => this.model.tokenize(t).length);
  }

  /** Tokens the prompt becomes (see promptTokens). */
  async promptLength(text: string): Promise<number> {
    return this.promptTokens(text).length;
  }

  /** Tokens per sequence of this policy's context. */
  get contextSize(): number {
    return this.context.contextSize;
  }

  /**
   * Greedy JSON under a grammar built from `schema` (see completeJsonOnSequence), on the pooled sequence whose KV
   * cache shares the longest prefix with the prompt. The prompt must leave room in the context: a prompt that does
   * not is a ContextOverflowError (llama.cpp would otherwise shift the context and drop the prompt's start).
   */
  async completeJson(
    prompt: string,
    schema: GbnfJsonSchema,
    maxTokens: number,
    signal?: AbortSignal,
  ): Promise<JsonCompletion> {
    const tokens = this.promptTokens(prompt);
    if (tokens.length >= this.context.contextSize)
      throw new ContextOverflowError(this.profile.modelPath, "prompt", tokens.length, this.context.contextSize);
    const pooled = await this.pool.acquire(tokens);
    try {
      return await completeJsonOnSequence(this.model, pooled, tokens, schema, maxTokens, signal);
    } finally {
      this.pool.release(pooled.sequence);
    }
  }

  /**
   * Generates after `prefix` (token ids the caller built) on a pooled sequence: up to the step delimiter (`step`) or
   * the answer line (`answer`), at most `maxTokens`; `onText` gets the text so far after each token. Chat's raw
   * turns (core/chat) run on this, with prompts search never builds.
   */
  async decodeFrom(
    prefix: Token[],
    until: "step" | "answer",
    maxTokens: number,
    sampling: Sampling,
    signal?: AbortSignal,
    onText?: (text: string) => void,
  ): Promise<StepCandidate> {
    if (prefix.length >= this.context.contextSize)
      throw new ContextOverflowError(this.profile.modelPath, "prompt", prefix.length, this.context.contextSize);
    return this.decode(prefix, until, maxTokens, sampling, signal, undefined, onText);
  }

  /**
   * Lends the pooled sequence holding the longest cached part of `prefix` to `use` and takes it back after: for
   * node-llama-cpp's LlamaChat (core/chat), which manages the sequence's KV state itself and so reuses what the last
   * turn left there.
   */
  async withSequence<T>(prefix: readonly Token[], use: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    const pooled = await this.pool.acquire(prefix);
    try {
      return await use(pooled.sequence);
    } finally {
      this.pool.release(pooled.sequence);
    }
  }

  /** One assistant turn of a conversation (core/chat, runChatTurn). */
  chatTurn(
    request: ChatTurnRequest,
    onChunk?: (chunk: ChatChunk) => void,
    signal?: AbortSignal,
  ): Promise<ChatTurnResult> {
    return runChatTurn(this, request, onChunk, signal);
  }

  /** A whole solution from the prompt: a rollout of the empty path. */
  async generateSolution(problem: string, sampling: Sampling = {}, signal?: AbortSignal): Promise<GeneratedSolution> {
    const r = await this.rollout(problem, [], sampling, signal);
    const { steps } = splitSteps(r.text, this.profile.stepDelimiter, this.answerPattern);
    return {
      text: r.text,
      steps,
      answer: r.answer,
      finishReason: r.finishReason,
      logProb: r.logProb,
      generatedTokens: r.cost.generatedTokens,
      evaluatedTokens: r.cost.evaluatedTokens,
      ms: r.cost.ms,
    };
  }

  /**
   * Forgets the KV state earlier calls left in the sequences not in use, so what the next search is charged is what
   * it costs on its own, whatever ran before it (a sweep's strategies on one problem, a repeated solve).
   */
  reset(): Promise<void> {
    return this.pool.reset();
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }

  private async decode(
    prefix: Token[],
    until: "step" | "answer",
    maxTokens: number,
    sampling: Sampling,
    signal?: AbortSignal,
    lent?: PooledSequence,
    onText?: (text: string) => void,
  ): Promise<StepCandidate> {
    const pooled = lent ?? (await this.pool.acquire(prefix));
    try {
      return await decodeOnSequence(this.model, pooled, {
        prefix,
        until,
        maxTokens,
        stepDelimiter: this.profile.stepDelimiter,
        answerPattern: this.answerPattern,
        sampling,
        signal,
        onText,
      });
    } finally {
      this.pool.release(pooled.sequence);
    }
  }
}

/** Sampling for the i-th candidate of a call: seed + i, when a seed is given. */
/**
 * Charges a shared prefill (prefillGroup) to the first candidate: its tokens were counted as reused by every
 * candidate, so moving them to evaluated on one keeps the candidates' costs summing to what was spent.
 */
function chargeShared(candidates: StepCandidate[], shared: SharedPrefill | undefined): StepCandidate[] {
  const first = candidates[0];
  if (first && shared) {
    first.cost.evaluatedTokens += shared.evaluatedTokens;
    first.cost.reusedTokens -= shared.evaluatedTokens;
    first.cost.ms += shared.ms;
  }
  return candidates;
}
