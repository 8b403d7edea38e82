import type { ChatHistoryItem, ChatWrapper, LlamaModel, Token } from "node-llama-cpp";
import { fillTemplate } from "../models/fillTemplate.js";
import type { PolicyProfile } from "../models/profiles.js";

/**
 * The tokens a policy continues from: the prompt for the problem, then the path so far (each step followed by
 * the delimiter). `raw` profiles fill the template and add BOS when asked; `chat` profiles put the template in
 * the user turn of the model's own chat template (`chatWrapper`, from resolvePolicyChatWrapper) and the path in
 * the model's turn, left open so generation continues it; a chat template places its own BOS.
 */
export function buildPrefixTokens(
  model: LlamaModel,
  profile: PolicyProfile,
  problem: string,
  path: readonly string[],
  chatWrapper: ChatWrapper | null,
): Token[] {
  const prompt = fillTemplate(profile.prompt, { problem });
  const pathText = path.map((s) => s + profile.stepDelimiter).join("");
  if (profile.promptFormat === "chat") {
    const chatHistory: ChatHistoryItem[] = [
      ...(profile.systemPrompt ? [{ type: "system" as const, text: profile.systemPrompt }] : []),
      { type: "user", text: prompt },
      { type: "model", response: [pathText] },
    ];
    if (!chatWrapper) throw new TypeError("a chat profile needs the model's chat wrapper (resolvePolicyChatWrapper)");
    const { contextText } = chatWrapper.generateContextState({ chatHistory });
    return contextText.tokenize(model.tokenizer);
  }
  const tokens = model.tokenize(prompt + pathText);
  const bos = model.tokens.bos;
  return profile.addBos && bos !== null ? [bos, ...tokens] : tokens;
}
