import type { LoadProgress } from "./LoadProgress.js";
import type { EngineResources } from "./protocol.js";
import type { ChatModel } from "../chat/ChatModel.js";
import type { Policy } from "../policy/Policy.js";
import type { StructuredModel } from "../policy/StructuredModel.js";
import type { Scorer } from "../reward/Scorer.js";

/** Something that can be let go of: a model's memory, a context. */
export interface Disposable {
  dispose(): Promise<void>;
}

/**
 * Where models load: a child process (hostedEngines, the app's default) or this process (inProcessEngines, the
 * CLI's). Loads models and says what they hold; EngineCache leases them out.
 */
export interface EngineLoader {
  /**
   * A policy, which is also a StructuredModel (what the reader needs, core/memory) and a ChatModel (core/chat).
   * `onProgress` hears each stage of the load as it goes (LoadProgress), the weights stage as llama.cpp reads them.
   */
  loadPolicy(
    profile: string,
    sequences: number,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<Policy & StructuredModel & ChatModel & Disposable & { handle?: number }>;
  loadPrm(profile: string): Promise<Scorer & Disposable>;
  /** Memory, backend and KV caches, or null when no engine is running. */
  resources(): Promise<EngineResources | null>;
  /** Stops the engines; every model loaded before is unloaded. */
  close(): Promise<void>;
}
