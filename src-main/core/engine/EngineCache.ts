import type { ChatModel } from "../chat/ChatModel.js";
import { ModelFileError } from "../models/ModelFileError.js";
import { isEndpointUrl, loadPolicyProfile, type PolicyProfile, type Resolved } from "../models/profiles.js";
import type { OpenAiPolicy } from "../remote/OpenAiPolicy.js";
import type { Policy } from "../policy/Policy.js";
import type { StructuredModel } from "../policy/StructuredModel.js";
import type { Scorer } from "../reward/Scorer.js";
import type { Disposable, EngineLoader } from "./EngineLoader.js";
import { loadProgress, type LoadProgress } from "./LoadProgress.js";
import { ModelInUseError } from "./ModelInUseError.js";
import type {
  ChatEngines,
  Engines,
  OpenedChat,
  OpenedPolicy,
  OpenedReader,
  OpenedScorer,
  ReaderEngines,
} from "./Engines.js";

/** A model the cache holds: its profile path, its handle in the engine process (hosted engines), its leases. */
export interface LoadedModel {
  profile: string;
  handle?: number | undefined;
  /** Runs using it now. */
  leases: number;
}

interface Entry<T> {
  loading: Promise<T & Disposable>;
  /** Runs using it now; a policy is reloaded with more sequences only when none is. */
  leases: number;
  sequences: number;
}

/** Options of an EngineCache. */
export interface EngineCacheOptions {
  /**
   * Milliseconds a remote policy server may stay silent within a request before it counts as stalled
   * (OpenAiPolicyOptions.timeoutMs). Default: REMOTE_DEFAULTS.timeoutSeconds.
   */
  remoteTimeoutMs?: number | undefined;
}

/** What a remote policy cannot do: it serves search, not the reader's or chat's own uses of a local model. */
export const REMOTE_SEARCH_ONLY = "remote policies serve search only: solve, compare, sweep, annotate";

/**
 * The profile of a remote policy (a server's URL, or a profile with an `endpoint`), else undefined: a local
 * policy, or a profile that cannot be read here (its loader then says why, as before).
 */
function remoteProfile(profile: string): Resolved<PolicyProfile> | undefined {
  if (isEndpointUrl(profile)) return loadPolicyProfile(profile);
  if (!profile.endsWith(".json")) return undefined;
  try {
    const p = loadPolicyProfile(profile);
    return p.endpoint === undefined ? undefined : p;
  } catch {
    return undefined;
  }
}

/**
 * Models loaded so far, by profile path: loaded on first use and kept, since loading costs more than most
 * searches. Callers lease a model and give it back through the handle's `dispose`, which never unloads; `close`
 * unloads everything. The app and the CLI both open models through one of these (over hosted or in-process
 * engines), so a sweep's items and a compare's columns reuse what is loaded.
 */
export class EngineCache implements Engines, ReaderEngines, ChatEngines {
  private readonly policies = new Map<string, Entry<Policy & StructuredModel & ChatModel & { handle?: number }>>();
  private readonly prms = new Map<string, Entry<Scorer>>();
  /** Remote policies (OpenAiPolicy), by URL or profile path: opened once (the server checked), like a loaded model. */
  private readonly remotes = new Map<string, Entry<OpenAiPolicy>>();
  private readonly loadListeners = new Set<(profile: string, progress: LoadProgress) => void>();
  /** Loads in flight, by profile path, and how far each has got (replayed to a listener that comes late). */
  private readonly loading = new Map<string, LoadProgress>();

  constructor(
    readonly loader: EngineLoader,
    private readonly options: EngineCacheOptions = {},
  ) {}

  /**
   * Listens to every model load this cache starts (policies through their stages, PRMs from start to ready), by
   * profile path; loads already under way are replayed where they are. Returns how to stop listening. A run
   * listens while it opens its models, so a cold start says what it waits on instead of nothing.
   */
  onLoadProgress(listener: (profile: string, progress: LoadProgress) => void): () => void {
    for (const [profile, progress] of this.loading) listener(profile, progress);
    this.loadListeners.add(listener);
    return () => void this.loadListeners.delete(listener);
  }

  /** Tells the listeners; a finished or failed load is no longer in flight. */
  private reportLoad(profile: string, progress: LoadProgress): void {
    if (progress.stage === "ready") this.loading.delete(profile);
    else this.loading.set(profile, progress);
    for (const listener of this.loadListeners) listener(profile, progress);
  }

  /**
   * `load` with its progress reported under `profile` from `first` (what the load starts with, before the loader
   * reports anything), ending with `ready`, or dropped from the loads in flight when it fails.
   */
  private tracked<T>(
    profile: string,
    first: LoadProgress | undefined,
    load: (onProgress: (p: LoadProgress) => void) => Promise<T>,
  ): Promise<T> {
    if (first) this.reportLoad(profile, first);
    return load((p) => this.reportLoad(profile, p)).then(
      (model) => (this.reportLoad(profile, loadProgress("ready")), model),
      (e: unknown) => {
        this.loading.delete(profile);
        throw e;
      },
    );
  }

  /** A policy with room for `sequences` concurrent decodes (reloaded with more when it is idle and has fewer). */
  openPolicy = async (profile: string, sequences: number): Promise<OpenedPolicy> => {
    const remote = remoteProfile(profile);
    if (remote) return this.openRemote(profile, remote);
    let entry = this.policies.get(profile);
    if (entry && entry.sequences < sequences && entry.leases === 0) {
      this.policies.delete(profile);
      await (await entry.loading.catch(() => undefined))?.dispose();
      entry = undefined;
    }
    if (!entry) {
      // The loader reports a policy's stages itself (starting only when the engine itself must start).
      const load = (onProgress: (p: LoadProgress) => void) => this.loader.loadPolicy(profile, sequences, onProgress);
      const loading = this.tracked(profile, undefined, load);
      entry = { loading, leases: 0, sequences };
      this.policies.set(profile, entry);
    }
    const policy = await this.lease(this.policies, profile, entry);
    const dispose = this.release(entry);
    await this.startCold(policy, entry, dispose);
    const { stepDelimiter, maxSteps } = loadPolicyProfile(profile);
    return { policy, stepDelimiter, maxSteps, dispose };
  };

  /**
   * A remote policy: an OpenAiPolicy on the profile's server, checked once (reachable, logprobs, vocabulary) and kept
   * like a loaded model. `sequences` does not apply: the server's slots decide what runs at once.
   */
  private async openRemote(profile: string, resolved: Resolved<PolicyProfile>): Promise<OpenedPolicy> {
    let entry = this.remotes.get(profile);
    if (!entry) {
      const open = async () => {
        const { OpenAiPolicy } = await import("../remote/OpenAiPolicy.js");
        return OpenAiPolicy.open(resolved, { timeoutMs: this.options.remoteTimeoutMs });
      };
      entry = { loading: open(), leases: 0, sequences: 0 };
      this.remotes.set(profile, entry);
    }
    const policy = await this.lease(this.remotes, profile, entry);
    const dispose = this.release(entry);
    await this.startCold(policy, entry, dispose);
    return { policy, stepDelimiter: resolved.stepDelimiter, maxSteps: resolved.maxSteps, dispose };
  }

  openReader = async (profile: string): Promise<OpenedReader> => {
    if (remoteProfile(profile)) throw new ModelFileError(profile, REMOTE_SEARCH_ONLY);
    const opened = await this.openPolicy(profile, 2);
    const model = opened.policy as Policy & StructuredModel;
    return {
      contextSize: model.contextSize,
      countTokens: (texts) => model.countTokens(texts),
      promptLength: (text) => model.promptLength(text),
      completeJson: (prompt, schema, maxTokens, signal) => model.completeJson(prompt, schema, maxTokens, signal),
      dispose: opened.dispose,
    };
  };

  openChat = async (profile: string): Promise<OpenedChat> => {
    if (remoteProfile(profile)) throw new ModelFileError(profile, REMOTE_SEARCH_ONLY);
    const opened = await this.openPolicy(profile, 1);
    const model = opened.policy as Policy & ChatModel;
    return {
      chatTurn: (request, onChunk, signal) => model.chatTurn(request, onChunk, signal),
      dispose: opened.dispose,
    };
  };

  openScorer = async (profile: string): Promise<OpenedScorer> => {
    let entry = this.prms.get(profile);
    if (!entry) {
      // onnxruntime reports no progress: the PRM's load is its weights, from start to ready.
      const loading = this.tracked(profile, loadProgress("weights"), () => this.loader.loadPrm(profile));
      entry = { loading, leases: 0, sequences: 0 };
      this.prms.set(profile, entry);
    }
    const scorer = await this.lease(this.prms, profile, entry);
    const dispose = this.release(entry);
    await this.startCold(scorer, entry, dispose);
    return {
      scoreSteps: (problem, steps) => scorer.scoreSteps(problem, steps),
      scoreOutcome: (problem, steps) => scorer.scoreOutcome(problem, steps),
      get accounting() {
        return scorer.accounting;
      },
      dispose,
    };
  };

  /** Loaded policies and PRMs by profile path, with their engine handles and how many runs lease each now. */
  async loaded(): Promise<{ policies: LoadedModel[]; prms: LoadedModel[] }> {
    const list = async <T>(map: Map<string, Entry<T & { handle?: number }>>) => {
      const models: LoadedModel[] = [];
      for (const [profile, entry] of map) {
        const m = await entry.loading.catch(() => undefined);
        if (m) models.push({ profile, handle: m.handle, leases: entry.leases });
      }
      return models;
    };
    return {
      policies: [...(await list(this.policies)), ...(await list(this.remotes))],
      prms: await list(this.prms as Map<string, Entry<Scorer & { handle?: number }>>),
    };
  }

  /**
   * Unloads one model (a policy or a PRM, by profile path) and frees what it holds; the next open loads it again.
   * @returns false when it was not loaded
   * @throws ModelInUseError while a run leases it: unloading it would pull it from under that run
   */
  async unload(profile: string): Promise<boolean> {
    for (const map of [this.policies, this.prms, this.remotes] as Map<string, Entry<unknown>>[]) {
      const entry = map.get(profile);
      if (!entry) continue;
      if (entry.leases > 0) throw new ModelInUseError(profile, entry.leases);
      map.delete(profile);
      await (await entry.loading.catch(() => undefined))?.dispose();
      return true;
    }
    return false;
  }

  /** Forgets every model without unloading (the engine process is gone: its handles are void). */
  forget(): void {
    this.policies.clear();
    this.prms.clear();
  }

  /** Stops the engines: every model is unloaded, and a later open loads afresh. Remote servers are left running. */
  async close(): Promise<void> {
    this.forget();
    const remotes = [...this.remotes.values()];
    this.remotes.clear();
    for (const entry of remotes) await (await entry.loading.catch(() => undefined))?.dispose();
    await this.loader.close();
  }

  /**
   * Drops what earlier leases left cached in a model (KV state, step scores) when this lease is the only one, so
   * each search (a sweep item, a solve, a compare column) is charged what it costs on its own, whatever ran before
   * it. Leases held at the same time share the model's cache: their counters can include each other's savings.
   */
  private async startCold(
    model: { reset?(): Promise<void> },
    entry: Entry<unknown>,
    release: () => Promise<void>,
  ): Promise<void> {
    if (entry.leases !== 1) return;
    try {
      await model.reset?.();
    } catch (e) {
      await release();
      throw e;
    }
  }

  /** A failed load is forgotten, so the next request tries again instead of repeating the failure. */
  private async lease<T>(map: Map<string, Entry<T>>, profile: string, entry: Entry<T>): Promise<T & Disposable> {
    entry.leases++;
    try {
      return await entry.loading;
    } catch (e) {
      entry.leases--;
      if (map.get(profile) === entry) map.delete(profile);
      throw e;
    }
  }

  private release(entry: Entry<unknown>): () => Promise<void> {
    let released = false;
    return async () => {
      if (!released) entry.leases--;
      released = true;
    };
  }
}
