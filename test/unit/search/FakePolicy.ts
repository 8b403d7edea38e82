import type {
  CallLimits,
  FinishReason,
  Policy,
  PolicyCost,
  RolloutLimits,
  StepCandidate,
} from "../../../src-main/core/policy/Policy.js";
import type { Sampling } from "../../../src-main/core/policy/Sampling.js";

/** What a script writes for one step. */
export interface FakeStep {
  text: string;
  /** Makes the step an answer line. */
  answer?: string;
  /** Default: "answer" with an answer, "step" without. */
  finish?: FinishReason;
  /** Default: -0.1 per word. */
  logProb?: number;
}

/** Decides the next step from the path so far and the candidate's seed. */
export type Script = (path: readonly string[], seed: number) => FakeStep;

export interface FakePolicyOptions {
  /** Milliseconds each call takes; the wait ends early on abort. Default 0. */
  delayMs?: number;
  /** Rollouts join steps with this. Default "\n". */
  delimiter?: string;
  /** Rollouts stop after this many steps without an answer. Default 20. */
  maxRolloutSteps?: number;
  /**
   * Called once a call is in flight (its delay has begun and it listens for the abort): a test cancels a call
   * mid-way by aborting here, on that event, instead of after a guessed time.
   */
  onCallWaiting?: (call: FakeCall) => void;
}

export interface FakeCall {
  kind: "expand" | "rollout";
  path: string[];
  k: number;
  sampling: Sampling;
  limits: RolloutLimits;
}

const words = (text: string): number => Math.max(1, text.split(/\s+/).filter(Boolean).length);

/**
 * A scripted policy: each candidate is the script's step for (path, seed + i); a token is a word; evaluated
 * tokens are 3 (the prompt) plus one per path step. It records every call and sums every cost it reports. Limits
 * work as LlamaPolicy's do: a text longer than `maxTokens` words is cut to them (finish `length`, no answer), and
 * a rollout stops after `maxSteps` steps (finish `length` unless the last one answered).
 */
export class FakePolicy implements Policy {
  readonly calls: FakeCall[] = [];
  readonly totals = { generatedTokens: 0, evaluatedTokens: 0 };

  constructor(
    private readonly script: Script,
    private readonly options: FakePolicyOptions = {},
  ) {}

  async expand(
    _problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits: CallLimits = {},
  ) {
    this.calls.push({ kind: "expand", path: [...path], k, sampling, limits });
    await this.wait(signal);
    return Array.from({ length: k }, (_, i) => {
      if (signal?.aborted) return this.candidate("", undefined, "aborted", 0, path.length);
      const step = this.script(path, (sampling.seed ?? 0) + i);
      const finish = step.finish ?? (step.answer !== undefined ? "answer" : "step");
      return this.candidate(step.text, step.answer, finish, step.logProb, path.length, limits.maxTokens);
    });
  }

  async rollout(
    _problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits: RolloutLimits = {},
  ) {
    this.calls.push({ kind: "rollout", path: [...path], k: 1, sampling, limits });
    await this.wait(signal);
    if (signal?.aborted) return this.candidate("", undefined, "aborted", 0, path.length);
    const steps: string[] = [];
    let last: FakeStep | undefined;
    const maxSteps = Math.min(this.options.maxRolloutSteps ?? 20, limits.maxSteps ?? Infinity);
    for (let i = 0; i < maxSteps; i++) {
      last = this.script([...path, ...steps], (sampling.seed ?? 0) + i);
      steps.push(last.text);
      if (last.answer !== undefined || (last.finish && last.finish !== "step")) break;
    }
    const stepLimited = steps.length === limits.maxSteps && last?.answer === undefined;
    const finish = last?.answer !== undefined ? "answer" : stepLimited ? "length" : "eos";
    const text = steps.join(this.options.delimiter ?? "\n");
    return this.candidate(text, last?.answer, finish, undefined, path.length, limits.maxTokens);
  }

  private candidate(
    fullText: string,
    fullAnswer: string | undefined,
    fullFinish: FinishReason,
    logProb: number | undefined,
    pathLength: number,
    maxTokens = Infinity,
  ): StepCandidate {
    // Cut at the token limit, as a decode would stop there: the rest was never written, the answer included.
    const cut = words(fullText) > maxTokens;
    const text = cut ? fullText.split(/\s+/).filter(Boolean).slice(0, maxTokens).join(" ") : fullText;
    const [answer, finishReason] = cut ? [undefined, "length" as const] : [fullAnswer, fullFinish];
    const n = finishReason === "aborted" ? 0 : words(text);
    const cost: PolicyCost = { generatedTokens: n, evaluatedTokens: 3 + pathLength, reusedTokens: 0, ms: 0 };
    this.totals.generatedTokens += cost.generatedTokens;
    this.totals.evaluatedTokens += cost.evaluatedTokens;
    const tokenLogProbs = Array.from({ length: n }, () => (logProb ?? -0.1 * n) / n);
    return {
      text,
      tokens: tokenLogProbs.map((_, i) => i),
      logProb: logProb ?? -0.1 * n,
      tokenLogProbs,
      finishReason,
      answer,
      cost,
    };
  }

  private async wait(signal?: AbortSignal): Promise<void> {
    const ms = this.options.delayMs ?? 0;
    if (ms <= 0 || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      // Whichever ends the wait removes the other: a search passes one signal to every call.
      const onAbort = (): void => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      const call = this.calls.at(-1);
      if (call) this.options.onCallWaiting?.(call);
    });
  }
}
