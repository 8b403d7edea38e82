import type { StepCandidate } from "../policy/Policy.js";
import type { LlamaPolicyOptions } from "../policy/LlamaPolicy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { OnnxPrmOptions } from "../reward/OnnxPrm.js";

/** Calls the engine process answers; each names its arguments and its result. */
export interface EngineCalls {
  loadPolicy: { args: { profilePath: string; options: LlamaPolicyOptions }; result: { handle: number; model: string } };
  expand: {
    args: { handle: number; problem: string; path: string[]; k: number; sampling: Sampling };
    result: StepCandidate[];
  };
  rollout: { args: { handle: number; problem: string; path: string[]; sampling: Sampling }; result: StepCandidate };
  loadPrm: { args: { profilePath: string; options: OnnxPrmOptions }; result: { handle: number; model: string } };
  scoreBatch: { args: { handle: number; items: { problem: string; steps: string[] }[] }; result: number[][] };
  dispose: { args: { handle: number }; result: null };
}
export type EngineMethod = keyof EngineCalls;

export type EngineRequest =
  | { [M in EngineMethod]: { id: number; method: M; args: EngineCalls[M]["args"] } }[EngineMethod]
  | { id: number; method: "abort"; target: number };

export type EngineResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; file?: string; problem?: string } };
