import type { EngineResources } from "../core/engine/protocol.js";
import type { Policy } from "../core/policy/Policy.js";
import type { Scorer } from "../core/reward/Scorer.js";

/** Something that can be let go of: a model's memory, a context. */
export interface Disposable {
  dispose(): Promise<void>;
}

/** Where the app's engines live (a child process, by default): loads models and says what they hold. */
export interface EngineLoader {
  loadPolicy(profile: string, sequences: number): Promise<Policy & Disposable & { handle?: number }>;
  loadPrm(profile: string): Promise<Scorer & Disposable>;
  /** Memory, backend and KV caches, or null when no engine is running. */
  resources(): Promise<EngineResources | null>;
  /** Stops the engines; models loaded before are gone. */
  close(): void;
}
