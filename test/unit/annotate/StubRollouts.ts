import type { Policy, PolicyCost, RolloutLimits, StepCandidate } from "../../../src-main/core/policy/Policy.js";
import type { Sampling } from "../../../src-main/core/policy/Sampling.js";

/** One rollout the stub was asked for. */
export interface StubCall {
  path: string[];
  seed: number | undefined;
  limits: RolloutLimits;
}

export interface StubOptions {
  /**
   * Per prefix length (steps in the path), how many of the rollouts drawn from it reach the reference; the j-th
   * rollout from a path (in call order) reaches it when j < this. Default 0.
   */
  reaching: Record<number, number>;
  /** Whether to offer `rollouts` (one call per batch) or only `rollout`. Default true. */
  batched?: boolean;
  /** Called when a batch (or a single rollout) starts: a test aborts here. */
  onCall?: (call: StubCall) => void;
}

/**
 * A policy for unit tests of the labelling arithmetic: a rollout's outcome is scripted per prefix length (answer
 * "42", the reference in these tests, or "41"); each rollout generates 5 tokens, evaluates 2, reuses the rest of its
 * prefix; a prefix is 3 tokens (the prompt) plus 2 per step. It records every rollout asked for.
 */
export class StubRollouts implements Policy {
  readonly calls: StubCall[] = [];
  readonly batches: StubCall[] = [];
  rollouts?: Policy["rollouts"];
  private readonly drawn = new Map<string, number>();

  constructor(private readonly options: StubOptions) {
    if (options.batched ?? true)
      this.rollouts = async (problem, path, k, sampling, signal, limits = {}) => {
        const batch = { path: [...path], seed: sampling.seed, limits };
        this.batches.push(batch);
        this.options.onCall?.(batch);
        const stride = limits.maxSteps ?? 1;
        const out: StepCandidate[] = [];
        for (let i = 0; i < k; i++) {
          const seed = sampling.seed === undefined ? undefined : sampling.seed + i * stride;
          out.push(this.draw(path, seed, limits, signal));
        }
        return out;
      };
  }

  async expand(): Promise<StepCandidate[]> {
    throw new Error("annotation never expands");
  }

  async rollout(
    _problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ): Promise<StepCandidate> {
    this.options.onCall?.({ path: [...path], seed: sampling.seed, limits });
    return this.draw(path, sampling.seed, limits, signal);
  }

  /** Three prompt tokens, then two per step (the step's index and a delimiter, 0). */
  async prefixTokenIds(_problem: string, path: readonly string[]): Promise<number[]> {
    return [1, 2, 3, ...path.flatMap((_, i) => [100 + i, 0])];
  }

  private draw(path: readonly string[], seed: number | undefined, limits: RolloutLimits, signal?: AbortSignal) {
    this.calls.push({ path: [...path], seed, limits });
    const key = JSON.stringify(path);
    const j = this.drawn.get(key) ?? 0;
    this.drawn.set(key, j + 1);
    const cost: PolicyCost = { generatedTokens: 5, evaluatedTokens: 2, reusedTokens: 1 + 2 * path.length, ms: 1 };
    if (signal?.aborted)
      return {
        text: "",
        tokens: [],
        logProb: 0,
        tokenLogProbs: [],
        finishReason: "aborted" as const,
        answer: undefined,
        cost,
      };
    const answer = j < (this.options.reaching[path.length] ?? 0) ? "42" : "41";
    return {
      text: `more\nAnswer: ${answer}`,
      tokens: [1, 2, 3, 4, 5],
      logProb: -1,
      tokenLogProbs: [-0.2, -0.2, -0.2, -0.2, -0.2],
      finishReason: "answer" as const,
      answer,
      cost,
    };
  }
}
