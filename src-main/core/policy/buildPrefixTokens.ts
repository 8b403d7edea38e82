import {
  LlamaText,
  type ChatHistoryItem,
  type ChatModelResponse,
  type ChatWrapper,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import { reasoningFormat } from "../chat/reasoningFormat.js";
import { fillTemplate } from "../models/fillTemplate.js";
import type { PolicyProfile } from "../models/profiles.js";

/**
 * The tokens a policy continues from: the prompt for the problem, then the path so far (each step followed by
 * the delimiter). `raw` profiles fill the template and add BOS when asked; `chat` profiles put the template in
 * the user turn of the model's own chat template (`chatWrapper`, from resolvePolicyChatWrapper) and the path in
 * the model's turn, left open so generation continues it; a chat template places its own BOS. For a model that
 * reasons in thought segments (`<think>`), the path is the thought: an open thought segment, so the model goes on
 * thinking; once a step has closed it (`</think>`), what follows is the answer text after the closed thought.
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
      {
        type: "model",
        response:
          chatWrapper && reasoningFormat(profile, chatWrapper) === "thought"
            ? thoughtPath(pathText, chatWrapper)
            : [pathText],
      },
    ];
    if (!chatWrapper) throw new TypeError("a chat profile needs the model's chat wrapper (resolvePolicyChatWrapper)");
    const { contextText } = chatWrapper.generateContextState({ chatHistory });
    return contextText.tokenize(model.tokenizer);
  }
  const tokens = model.tokenize(prompt + pathText);
  const bos = model.tokens.bos;
  return profile.addBos && bos !== null ? [bos, ...tokens] : tokens;
}

/**
 * A path as the model's response when its reasoning is a thought segment: the steps inside the thought, left open;
 * or, when a step wrote the segment's end (`</think>`), the thought closed there and the rest as response text.
 */
function thoughtPath(pathText: string, chatWrapper: ChatWrapper): ChatModelResponse["response"] {
  const thought = chatWrapper.settings.segments?.thought;
  const open = thought?.prefix;
  const prefix = open == null || (typeof open === "object" && "type" in open) ? "" : LlamaText(open).toString().trim();
  const suffix = thought?.suffix == null ? "" : LlamaText(thought.suffix).toString().trim();
  const text =
    prefix !== "" && pathText.trimStart().startsWith(prefix) ? pathText.trimStart().slice(prefix.length) : pathText;
  const end = suffix === "" ? -1 : text.indexOf(suffix);
  if (end < 0) return [{ type: "segment", segmentType: "thought", text, ended: false }];
  return [
    { type: "segment", segmentType: "thought", text: text.slice(0, end).trimEnd(), ended: true },
    text.slice(end + suffix.length),
  ];
}
