import type { ChatWrapper } from "node-llama-cpp";
import type { PolicyProfile } from "../models/profiles.js";
import type { ReasoningFormat } from "./ChatTurn.js";

/**
 * How chat reads a model's reasoning: the profile's `reasoning` when it sets one; else `thought` when the model's
 * chat wrapper has thought segments (node-llama-cpp's `settings.segments.thought`, as for Qwen3 and DeepSeek-R1
 * templates), else `steps` (the steps before the answer line).
 */
export function reasoningFormat(profile: PolicyProfile, chatWrapper: ChatWrapper | null): ReasoningFormat {
  if (profile.reasoning !== undefined) return profile.reasoning;
  return hasThoughtSegments(chatWrapper) ? "thought" : "steps";
}

/** Whether a chat wrapper marks thought segments (`<think>…</think>`) in what the model writes. */
export function hasThoughtSegments(chatWrapper: ChatWrapper | null): boolean {
  return chatWrapper?.settings.segments?.thought != null;
}
