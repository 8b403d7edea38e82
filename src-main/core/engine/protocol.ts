import type { GbnfJsonSchema } from "node-llama-cpp";
import type { ChatTurnRequest, ChatTurnResult } from "../chat/ChatTurn.js";
import type { JsonCompletion } from "../policy/completeJson.js";
import type { CallLimits, RolloutLimits, StepCandidate } from "../policy/Policy.js";
import type { EngineErrorJson } from "./engineErrors.js";
import type { LlamaPolicyOptions } from "../policy/LlamaPolicy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { OnnxPrmOptions } from "../reward/OnnxPrm.js";
import type { ScoreCost } from "../reward/ScoreCost.js";

/** What the engine process holds and uses, for the Resources view. */
export interface EngineResources {
  /** The engine process's id and resident memory (bytes). */
  pid: number;
  rssBytes: number;
  /** The llama.cpp backend in use and why; null before any policy has loaded. */
  backend: { name: string; reason: string } | null;
  /** Null without a GPU backend. */
  vram: { usedBytes: number; totalBytes: number } | null;
  policies: {
    handle: number;
    model: string;
    contextSize: number;
    /** Threads llama.cpp evaluates this context with. */
    threads: number;
    sequences: { index: number; cachedTokens: number }[];
  }[];
  /** Reward models, with onnxruntime's intra-op threads. */
  prms: { handle: number; model: string; threads: number }[];
}

/** Calls the engine process answers; each names its arguments and its result. */
export interface EngineCalls {
  /** Streams LoadProgress as `progress` messages while it loads. */
  loadPolicy: {
    args: { profilePath: string; options: LlamaPolicyOptions };
    result: { handle: number; model: string; contextSize: number };
  };
  countTokens: { args: { handle: number; texts: string[] }; result: number[] };
  promptLength: { args: { handle: number; text: string }; result: number };
  completeJson: {
    args: { handle: number; prompt: string; schema: GbnfJsonSchema; maxTokens: number };
    result: JsonCompletion;
  };
  expand: {
    args: { handle: number; problem: string; path: string[]; k: number; sampling: Sampling; limits?: CallLimits };
    result: StepCandidate[];
  };
  rollout: {
    args: { handle: number; problem: string; path: string[]; sampling: Sampling; limits?: RolloutLimits };
    result: StepCandidate;
  };
  rollouts: {
    args: { handle: number; problem: string; path: string[]; k: number; sampling: Sampling; limits?: RolloutLimits };
    result: StepCandidate[];
  };
  prefixTokenIds: { args: { handle: number; problem: string; path: string[] }; result: number[] };
  /** Streams ChatChunks as `progress` messages while it runs. */
  chatTurn: { args: { handle: number; request: ChatTurnRequest }; result: ChatTurnResult };
  loadPrm: { args: { profilePath: string; options: OnnxPrmOptions }; result: { handle: number; model: string } };
  score: {
    args: { handle: number; items: { problem: string; steps: string[] }[] };
    result: { scores: number[][]; cost: ScoreCost };
  };
  dispose: { args: { handle: number }; result: null };
  reset: { args: { handle: number }; result: null };
  resources: { args: Record<string, never>; result: EngineResources };
}
export type EngineMethod = keyof EngineCalls;

export type EngineRequest =
  | { [M in EngineMethod]: { id: number; method: M; args: EngineCalls[M]["args"] } }[EngineMethod]
  | { id: number; method: "abort"; target: number };

export type EngineResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: EngineErrorJson }
  /** Something a call streams before its result (a chat turn's chunks); the call goes on. */
  | { id: number; progress: unknown };
