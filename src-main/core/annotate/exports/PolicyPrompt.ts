import { fillTemplate } from "../../models/fillTemplate.js";
import type { PolicyProfile } from "../../models/profiles.js";

/** How a policy saw a problem, for the exports that train a policy (sft, dpo). */
export interface PolicyPrompt {
  /** The prompt the policy continued from, for this problem's text. */
  prompt(problem: string): string;
  /** The text that ends a step: the completion is the steps joined by it. */
  stepDelimiter: string;
}

/**
 * A profile's prompt as the policy saw it: the template filled with the problem (fillTemplate, as buildPrefixTokens
 * fills it). For a `chat` profile this is the user turn: a trainer of chat models applies the model's own chat
 * template to prompt and completion itself (TRL's conversational handling), so the template is not baked in here.
 */
export function policyPrompt(profile: Pick<PolicyProfile, "prompt" | "stepDelimiter">): PolicyPrompt {
  return {
    prompt: (problem) => fillTemplate(profile.prompt, { problem }),
    stepDelimiter: profile.stepDelimiter,
  };
}
