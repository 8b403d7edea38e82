import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { GbnfJsonSchema } from "node-llama-cpp";
import type { ChatModel } from "../chat/ChatModel.js";
import type { ChatChunk, ChatTurnRequest, ChatTurnResult } from "../chat/ChatTurn.js";
import type { JsonCompletion } from "../policy/completeJson.js";
import type { LlamaPolicyOptions } from "../policy/LlamaPolicy.js";
import type { StructuredModel } from "../policy/StructuredModel.js";
import type { CallLimits, Policy, RolloutLimits, StepCandidate } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { OnnxPrmOptions } from "../reward/OnnxPrm.js";
import { ScoreCost } from "../reward/ScoreCost.js";
import type { Scorer } from "../reward/Scorer.js";
import { CallAborts } from "./CallAborts.js";
import { EngineCrashError } from "./EngineCrashError.js";
import { engineForkOptions } from "./engineForkOptions.js";
import { fromEngineError } from "./engineErrors.js";
import { loadProgress, type LoadProgress } from "./LoadProgress.js";
import type { EngineCalls, EngineMethod, EngineRequest, EngineResources, EngineResponse } from "./protocol.js";

interface Pending {
  resolve: (v: unknown) => void;
  progress?: ((p: unknown) => void) | undefined;
  reject: (e: Error) => void;
  during: string;
}

/**
 * Runs the native engines in a child process and talks to it by messages. If llama.cpp aborts on a file
 * (GGML_ASSERT exits the process), every call in flight fails with one clear EngineCrashError, nothing in this
 * process is lost, and the next call starts a fresh engine process. Handles from a crashed process are gone:
 * load the model again.
 */
/** Options of {@link EngineHost}. */
export interface EngineHostOptions {
  /**
   * The engine process's entry script. Default engineProcess.ts beside this file, run through tsx; a bundled
   * app (Electron) passes its built engineProcess.js, with `execArgv` [].
   */
  entry?: string;
  /** Node flags of the engine process. Default `["--import", "tsx"]`, for the TypeScript entry. */
  execArgv?: string[];
}

export class EngineHost {
  private child: ChildProcess | undefined;
  private readonly entry: string;
  private readonly execArgv: string[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly aborts = new CallAborts((target) =>
    this.child?.send({ id: this.nextId++, method: "abort", target } satisfies EngineRequest),
  );

  constructor(options: EngineHostOptions = {}) {
    this.entry = options.entry ?? join(import.meta.dirname, "engineProcess.ts");
    this.execArgv = options.execArgv ?? ["--import", "tsx"];
  }

  /**
   * Sends one call and resolves to its result. `signal` aborts the call in the engine process (a decode stops at
   * its next token); calls sharing a signal share one listener on it, removed when the last of them settles.
   */
  call<M extends EngineMethod>(
    method: M,
    args: EngineCalls[M]["args"],
    during: string,
    signal?: AbortSignal,
    onProgress?: (progress: unknown) => void,
  ): Promise<EngineCalls[M]["result"]> {
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      child.send({ id, method, args } as EngineRequest);
      const settled = this.aborts.watch(id, signal);
      this.pending.set(id, {
        progress: onProgress,
        resolve: (value) => (settled(), resolve(value as EngineCalls[M]["result"])),
        reject: (error) => (settled(), reject(error)),
        during,
      });
    });
  }

  /** `onProgress` hears the load's stages (LoadProgress); `starting` while the engine process itself starts. */
  async loadPolicy(
    profilePath: string,
    options: LlamaPolicyOptions = {},
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<RemotePolicy> {
    if (!this.child) onProgress?.(loadProgress("starting"));
    const { handle, model, contextSize } = await this.call(
      "loadPolicy",
      { profilePath, options },
      `loading ${profilePath}`,
      undefined,
      onProgress && ((p) => onProgress(p as LoadProgress)),
    );
    return new RemotePolicy(this, handle, model, contextSize);
  }

  async loadPrm(profilePath: string, options: OnnxPrmOptions = {}): Promise<RemotePrm> {
    const { handle, model } = await this.call("loadPrm", { profilePath, options }, `loading ${profilePath}`);
    return new RemotePrm(this, handle, model);
  }

  /** What the engine process holds (memory, backend, each policy's KV cache); nothing when it is not running. */
  async resources(): Promise<EngineResources | null> {
    return this.child ? this.call("resources", {}, "reading resources") : null;
  }

  /** Stops the engine process; later calls start a new one. */
  close(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(this.entry, [], engineForkOptions(this.execArgv));
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on("message", (res: EngineResponse) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      if ("progress" in res) {
        p.progress?.(res.progress);
        return;
      }
      this.pending.delete(res.id);
      if (res.ok) p.resolve(res.result);
      else p.reject(fromEngineError(res.error));
    });
    child.on("exit", (code, signal) => {
      if (this.child === child) this.child = undefined;
      // The engine's last words name the cause: llama.cpp's failed assertion, else its last line on stderr.
      const lines = stripVTControlCharacters(stderr)
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
      const reason = /GGML_ASSERT[^\n]*/.exec(stderr)?.[0].trim() ?? lines.at(-1);
      const exit = (signal ? `signal ${signal}` : `exit code ${code}`) + (reason ? `: ${reason}` : "");
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new EngineCrashError(p.during, exit));
      }
    });
    this.child = child;
    return child;
  }
}

/** A policy living in the engine process; also a StructuredModel, for the reader, and a ChatModel. */
export class RemotePolicy implements Policy, StructuredModel, ChatModel {
  constructor(
    private readonly host: EngineHost,
    readonly handle: number,
    readonly model: string,
    readonly contextSize: number,
  ) {}

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.host.call(
      "countTokens",
      { handle: this.handle, texts: [...texts] },
      `counting tokens with ${this.model}`,
    );
  }

  promptLength(text: string): Promise<number> {
    return this.host.call("promptLength", { handle: this.handle, text }, `measuring a prompt with ${this.model}`);
  }

  completeJson(
    prompt: string,
    schema: GbnfJsonSchema,
    maxTokens: number,
    signal?: AbortSignal,
  ): Promise<JsonCompletion> {
    return this.host.call(
      "completeJson",
      { handle: this.handle, prompt, schema, maxTokens },
      `reading with ${this.model}`,
      signal,
    );
  }

  expand(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: CallLimits,
  ): Promise<StepCandidate[]> {
    return this.host.call(
      "expand",
      { handle: this.handle, problem, path: [...path], k, sampling, limits },
      `expanding with ${this.model}`,
      signal,
    );
  }

  rollout(
    problem: string,
    path: readonly string[],
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: RolloutLimits,
  ): Promise<StepCandidate> {
    return this.host.call(
      "rollout",
      { handle: this.handle, problem, path: [...path], sampling, limits },
      `rolling out with ${this.model}`,
      signal,
    );
  }

  /** Policy.rollouts, in the engine process: the k rollouts share one prefill there. */
  rollouts(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: RolloutLimits,
  ): Promise<StepCandidate[]> {
    return this.host.call(
      "rollouts",
      { handle: this.handle, problem, path: [...path], k, sampling, limits },
      `rolling out with ${this.model}`,
      signal,
    );
  }

  prefixTokenIds(problem: string, path: readonly string[]): Promise<number[]> {
    return this.host.call(
      "prefixTokenIds",
      { handle: this.handle, problem, path: [...path] },
      `counting prefix tokens with ${this.model}`,
    );
  }

  chatTurn(
    request: ChatTurnRequest,
    onChunk?: (chunk: ChatChunk) => void,
    signal?: AbortSignal,
  ): Promise<ChatTurnResult> {
    return this.host.call(
      "chatTurn",
      { handle: this.handle, request },
      `chatting with ${this.model}`,
      signal,
      onChunk && ((p) => onChunk(p as ChatChunk)),
    );
  }

  /** Forgets cached state in the engine process (Policy.reset, Scorer.reset). */
  async reset(): Promise<void> {
    await this.host.call("reset", { handle: this.handle }, `resetting ${this.model}`);
  }

  async dispose(): Promise<void> {
    await this.host.call("dispose", { handle: this.handle }, `unloading ${this.model}`);
  }
}

/** A reward model living in the engine process; a Scorer, so searches use it as they would an OnnxPrm. */
export class RemotePrm implements Scorer {
  private readonly totals = ScoreCost.zero();

  constructor(
    private readonly host: EngineHost,
    readonly handle: number,
    readonly model: string,
  ) {}

  /** Compute spent since loading, as the engine process counted it. */
  get accounting(): ScoreCost {
    return { ...this.totals };
  }

  async scoreBatch(items: readonly { problem: string; steps: readonly string[] }[]): Promise<number[][]> {
    const plain = items.map((i) => ({ problem: i.problem, steps: [...i.steps] }));
    const { scores, cost } = await this.host.call(
      "score",
      { handle: this.handle, items: plain },
      `scoring with ${this.model}`,
    );
    ScoreCost.addInto(this.totals, cost);
    return scores;
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    return (await this.scoreBatch([{ problem, steps }]))[0] ?? [];
  }

  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    const last = (await this.scoreSteps(problem, steps)).at(-1);
    if (last === undefined) throw new RangeError("scoreOutcome needs at least one step");
    return last;
  }

  /** Forgets cached state in the engine process (Policy.reset, Scorer.reset). */
  async reset(): Promise<void> {
    await this.host.call("reset", { handle: this.handle }, `resetting ${this.model}`);
  }

  async dispose(): Promise<void> {
    await this.host.call("dispose", { handle: this.handle }, `unloading ${this.model}`);
  }
}
