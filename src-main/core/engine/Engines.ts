import type { ChatModel } from "../chat/ChatModel.js";
import type { Policy } from "../policy/Policy.js";
import type { StructuredModel } from "../policy/StructuredModel.js";
import type { Scorer } from "../reward/Scorer.js";

/** A loaded policy as a search uses it: the model, its profile's step delimiter, and how to give it back. */
export interface OpenedPolicy {
  policy: Policy;
  /** From the profile: what separates steps in a rollout (SearchOptions.stepDelimiter). */
  stepDelimiter: string;
  /** From the profile: the most steps in one solution (SearchOptions.maxDepth). Default SEARCH_DEFAULTS.maxDepth. */
  maxSteps?: number | undefined;
  /** Gives the policy back (EngineCache keeps it loaded for the next caller). */
  dispose(): Promise<void>;
}

/** A loaded model as PRISM's reader uses it (core/memory/readDocument), and how to give it back. */
export type OpenedReader = StructuredModel & { dispose(): Promise<void> };

/** A loaded reward model, and how to give it back. */
export type OpenedScorer = Scorer & { dispose?(): Promise<void> };

/** Loads a policy from its profile with room for `sequences` concurrent decodes. */
export type OpenPolicy = (profilePath: string, sequences: number) => Promise<OpenedPolicy>;

/**
 * Where searches get their models: every job (a solve, a compare column, a sweep item) opens through this, so
 * the CLI (engines in its own process) and the app (engines in a child process) share one code path.
 * EngineCache implements it over an EngineLoader.
 */
export interface Engines {
  openPolicy: OpenPolicy;
  openScorer(profilePath: string): Promise<OpenedScorer>;
}

/** Where reads get their model (EngineCache implements it beside Engines). */
export interface ReaderEngines {
  /** A policy as a reader: two sequences, one keeps the reading's KV state while the other answers. */
  openReader(profilePath: string): Promise<OpenedReader>;
}

/** A loaded model as a conversation uses it (core/chat), and how to give it back. */
export type OpenedChat = ChatModel & { dispose(): Promise<void> };

/** Where chat turns get their model (EngineCache implements it beside Engines). */
export interface ChatEngines {
  /** A policy as a chat model: one sequence, which keeps the conversation's KV state between turns. */
  openChat(profilePath: string): Promise<OpenedChat>;
}
