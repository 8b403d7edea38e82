import { resolveChatWrapper, type ChatWrapper, type LlamaModel } from "node-llama-cpp";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PolicyProfile, Resolved } from "../models/profiles.js";

/**
 * The chat wrapper a `chat` profile's prompts are framed with: the GGUF's own chat template
 * (`tokenizer.chat_template`), as node-llama-cpp renders it (its Jinja renderer, or a built-in wrapper it finds
 * equivalent to the template). Never a guess: node-llama-cpp falls back to a wrapper chosen from the file name or
 * architecture (Llama 2's for the embedded models) when the file has no template, and to another wrapper when the
 * template does not render; both are refused here, as ModelFileErrors naming the profile field or the model file.
 */
export function resolvePolicyChatWrapper(model: LlamaModel, profile: Resolved<PolicyProfile>): ChatWrapper {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template !== "string" || template.trim() === "")
    throw new ModelFileError(
      profile.profilePath,
      `field "promptFormat" is "chat", but ${model.filename ?? "the model"} has no chat template ` +
        `(tokenizer.chat_template): use "raw" with a prompt written in the model's own format`,
    );
  try {
    return resolveChatWrapper(model, { fallbackToOtherWrappersOnJinjaError: false, warningLogs: false });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new ModelFileError(
      profile.modelPath,
      `its chat template (tokenizer.chat_template) cannot be used: ${reason}`,
    );
  }
}
