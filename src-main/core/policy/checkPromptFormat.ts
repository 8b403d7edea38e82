import type { ChatWrapper, LlamaModel } from "node-llama-cpp";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PolicyProfile, Resolved } from "../models/profiles.js";
import { resolvePolicyChatWrapper } from "./resolvePolicyChatWrapper.js";

/**
 * What frames the prompt, checked against the model so nothing is guessed: a `chat` profile gets the GGUF's own
 * chat template (resolvePolicyChatWrapper), a `raw` one that asks for BOS needs the model to have one. Errors are
 * ModelFileErrors naming the profile's field.
 */
export function checkPromptFormat(model: LlamaModel, profile: Resolved<PolicyProfile>): ChatWrapper | null {
  if (profile.promptFormat === "chat") return resolvePolicyChatWrapper(model, profile);
  if (profile.addBos && model.tokens.bos === null)
    throw new ModelFileError(
      profile.profilePath,
      `field "addBos" is true, but ${model.filename ?? "the model"} has no BOS token: set it to false`,
    );
  return null;
}
