import { loadPolicyProfile } from "../models/profiles.js";
import { validateGguf } from "../models/validateGguf.js";
import { buildPrefixTokens } from "./buildPrefixTokens.js";
import { checkPromptFormat } from "./checkPromptFormat.js";
import { loadLlama } from "./loadLlama.js";

/** What a policy is given for a problem, as `mull solve --print-prompt` shows it. */
export interface PolicyPromptPreview {
  /** Absolute path of the profile. */
  profile: string;
  /** Absolute path of the GGUF. */
  model: string;
  promptFormat: "raw" | "chat";
  /** The prompt's token ids, BOS and chat-template tokens included: exactly what the policy evaluates first. */
  tokens: number[];
  /** Those tokens as text, special tokens written out (`<s>`, `<|im_start|>`). */
  text: string;
}

/**
 * The prompt a policy sees for a problem, before any step: the profile's template filled (fillTemplate), framed
 * by the GGUF's chat template for `chat` profiles, BOS added where the profile asks. Built by buildPrefixTokens,
 * the function the policy itself uses, from the GGUF's vocabulary alone (llama.cpp `vocabOnly`: no weights, no
 * context), so the count is the real tokenizer's. Errors are ModelFileErrors naming the profile or the GGUF.
 */
export async function policyPromptPreview(profilePath: string, problem: string): Promise<PolicyPromptPreview> {
  const profile = loadPolicyProfile(profilePath);
  await validateGguf(profile.modelPath);
  const { llama } = await loadLlama("cpu");
  const vocab = await llama.loadModel({ modelPath: profile.modelPath, vocabOnly: true });
  try {
    const tokens = buildPrefixTokens(vocab, profile, problem, [], checkPromptFormat(vocab, profile));
    return {
      profile: profile.profilePath,
      model: profile.modelPath,
      promptFormat: profile.promptFormat,
      tokens: [...tokens],
      text: vocab.detokenize(tokens, true),
    };
  } finally {
    await vocab.dispose();
  }
}
