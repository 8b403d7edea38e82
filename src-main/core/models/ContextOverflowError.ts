import { basename } from "node:path";

/**
 * An input longer than a model can take: a policy prompt that leaves no room in the context to generate, or a
 * reward-model input whose problem part alone is longer than the model's maximum sequence length. Refused, because
 * llama.cpp would shift the context and drop the start of the prompt without a word, and a model run past the
 * positions it was trained on scores garbage. The message is one line: `<model file>: <what>`.
 */
export class ContextOverflowError extends Error {
  override readonly name = "ContextOverflowError";
  constructor(
    /** The model file whose context is too small. */
    readonly file: string,
    /** What did not fit: `prompt` (policy) or `PRM input` (the problem's part of a reward model's input). */
    readonly input: "prompt" | "PRM input",
    /** Its length, in the model's tokens. */
    readonly tokens: number,
    /** Tokens the model takes: the policy's context per sequence, or the PRM's maximum sequence length. */
    readonly contextSize: number,
    /** How to make room, when there is a way (a larger context the model was trained for). */
    readonly hint = "",
  ) {
    const room = input === "prompt" ? " with room to generate" : "";
    super(
      `${basename(file)}: the ${input} is ${tokens} tokens and does not fit the model's ${contextSize}-token context${room}` +
        (hint ? `; ${hint}` : ""),
    );
  }
}
