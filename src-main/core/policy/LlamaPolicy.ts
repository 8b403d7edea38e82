import { statSync } from "node:fs";
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { validateGguf } from "../models/validateGguf.js";
import { loadPolicyProfile, type PolicyProfile, type Resolved } from "../models/profiles.js";
import { defaultThreads } from "./defaultThreads.js";
import { loadLlama, type Backend } from "./loadLlama.js";
import type { Sampling } from "./Sampling.js";
import { splitSteps } from "./splitSteps.js";

export interface LlamaPolicyOptions {
  /** Compute backend; `cpu` unless said otherwise. */
  backend?: Backend;
  /** Threads for evaluation; default from `defaultThreads`. */
  threads?: number;
  /** Sequences that can generate at once (decoded together, batched). Default 1. */
  sequences?: number;
  /** Context size per sequence, in tokens. Default: the profile's longest solution plus the prompt, capped. */
  contextSize?: number;
}

export type FinishReason = "answer" | "eos" | "length" | "aborted";

/** One generated solution and what it cost. */
export interface GeneratedSolution {
  text: string;
  steps: string[];
  answer: string | undefined;
  finishReason: FinishReason;
  /** Sum of the log-probabilities of the generated tokens (under the sampling distribution). */
  logProb: number;
  generatedTokens: number;
  /** Prompt tokens evaluated (prefill). */
  evaluatedTokens: number;
  ms: number;
}

/**
 * A GGUF policy on node-llama-cpp: the header is validated before llama.cpp loads the file, and concurrent
 * generations share one context, each on its own sequence, so llama.cpp decodes them in one batch.
 */
export class LlamaPolicy {
  private readonly free: LlamaContextSequence[];
  private readonly waiting: ((s: LlamaContextSequence) => void)[] = [];
  private readonly answerPattern: RegExp;

  private constructor(
    readonly profile: Resolved<PolicyProfile>,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
  ) {
    this.free = Array.from({ length: context.totalSequences }, () => context.getSequence());
    this.answerPattern = new RegExp(profile.answerPattern, "m");
  }

  /** Loads the policy described by a profile (`<model>.profile.json`). */
  static async load(profilePath: string, options: LlamaPolicyOptions = {}): Promise<LlamaPolicy> {
    const profile = loadPolicyProfile(profilePath);
    await validateGguf(profile.modelPath);
    const llama = await loadLlama(options.backend ?? "cpu");
    const model = await llama.loadModel({
      modelPath: profile.modelPath,
      gpuLayers: options.backend === "cpu" || !options.backend ? 0 : "auto",
    });
    const sequences = options.sequences ?? 1;
    const context = await model.createContext({
      sequences,
      contextSize: options.contextSize ?? Math.min(model.trainContextSize, 1024),
      threads: options.threads ?? defaultThreads(statSync(profile.modelPath).size),
    });
    return new LlamaPolicy(profile, model, context);
  }

  /** Prompt tokens for a problem, with BOS when the profile asks for it. */
  promptTokens(problem: string): Token[] {
    const text = this.profile.prompt.replaceAll("{problem}", problem);
    const tokens = this.model.tokenize(text);
    const bos = this.model.tokens.bos;
    return this.profile.addBos && bos !== null ? [bos, ...tokens] : tokens;
  }

  /** Generates a whole solution for a problem, stopping at the answer line, EOS, or the length limit. */
  async generateSolution(problem: string, sampling: Sampling = {}, signal?: AbortSignal): Promise<GeneratedSolution> {
    const started = performance.now();
    const prompt = this.promptTokens(problem);
    const limit = this.profile.maxSteps * this.profile.maxStepTokens;
    const sequence = await this.acquire();
    const generated: Token[] = [];
    let logProb = 0;
    let finishReason: FinishReason = "eos";
    let text = "";
    try {
      await sequence.clearHistory();
      const options = {
        temperature: sampling.temperature ?? 0,
        ...(sampling.topK !== undefined && { topK: sampling.topK }),
        ...(sampling.topP !== undefined && { topP: sampling.topP }),
        ...(sampling.minP !== undefined && { minP: sampling.minP }),
        ...(sampling.seed !== undefined && { seed: sampling.seed }),
      };
      for await (const out of sequence.evaluateWithMetadata(prompt, { confidence: true }, options)) {
        generated.push(out.token);
        logProb += Math.log(Math.max(out.confidence, 1e-30));
        if (signal?.aborted) {
          finishReason = "aborted";
          break;
        }
        // Only a newline can complete the answer line, so decode only then.
        text = this.model.detokenize(generated);
        if (
          text.endsWith(this.profile.stepDelimiter) &&
          splitSteps(text, this.profile.stepDelimiter, this.answerPattern).answer !== undefined
        ) {
          finishReason = "answer";
          break;
        }
        if (generated.length >= limit) {
          finishReason = "length";
          break;
        }
      }
      text = this.model.detokenize(generated);
    } finally {
      this.release(sequence);
    }
    const parsed = splitSteps(text, this.profile.stepDelimiter, this.answerPattern);
    if (finishReason === "eos" && parsed.answer !== undefined) finishReason = "answer";
    return {
      text,
      steps: parsed.steps,
      answer: parsed.answer,
      finishReason,
      logProb,
      generatedTokens: generated.length,
      evaluatedTokens: prompt.length,
      ms: performance.now() - started,
    };
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }

  private acquire(): Promise<LlamaContextSequence> {
    const s = this.free.pop();
    if (s) return Promise.resolve(s);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(s: LlamaContextSequence): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.free.push(s);
  }
}
