import type { GbnfJsonSchema } from "node-llama-cpp";
import type { StructuredModel } from "../policy/StructuredModel.js";
import { directAnswerSchema, directPrompt } from "./proverPrompts.js";

/** What the direct-answer baseline said. */
export interface DirectAnswer {
  /** The model's answer; undefined when its output did not parse (cut short). */
  answer: boolean | undefined;
  text: string;
  generatedTokens: number;
  ms: number;
}

/**
 * The baseline Proof of Thought is measured against: the same-size model answers the question directly (no program,
 * no solver), greedy, under a grammar that admits only `{"answer":true}` or `{"answer":false}`.
 *
 * @throws whatever the model throws (engine crash, abort).
 */
export async function answerDirectly(
  model: StructuredModel,
  question: string,
  signal?: AbortSignal,
): Promise<DirectAnswer> {
  const completion = await model.completeJson(directPrompt(question), directAnswerSchema as GbnfJsonSchema, 16, signal);
  let answer: boolean | undefined;
  try {
    const parsed = JSON.parse(completion.text) as { answer?: unknown };
    if (typeof parsed.answer === "boolean") answer = parsed.answer;
  } catch {
    answer = undefined;
  }
  return { answer, text: completion.text, generatedTokens: completion.generatedTokens, ms: completion.ms };
}
