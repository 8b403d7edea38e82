import type { GbnfJsonSchema } from "node-llama-cpp";
import type { JsonCompletion } from "../../../src-main/core/policy/completeJson.js";
import type { StructuredModel } from "../../../src-main/core/policy/StructuredModel.js";

/** Whitespace-separated words: the fake model's token count. */
export const words = (text: string): number => text.split(/\s+/).filter((w) => w !== "").length;

/** A scripted output: JSON text (finished with "eos"), or a completion with any fields overridden. */
export type Scripted = string | (Partial<JsonCompletion> & { text: string });

/**
 * A stand-in for the reading model, for readDocument's control flow only (the real model is tested in test/model):
 * a token is a whitespace-separated word, a prompt is its words plus one (a BOS), and completeJson returns the
 * scripted outputs in order and records the prompts, grammars and token limits it was given.
 */
export class FakeStructuredModel implements StructuredModel {
  readonly prompts: string[] = [];
  readonly grammars: GbnfJsonSchema[] = [];
  readonly maxTokens: number[] = [];
  private readonly script: Scripted[];

  constructor(
    readonly contextSize: number,
    script: readonly Scripted[] = [],
  ) {
    this.script = [...script];
  }

  async countTokens(texts: readonly string[]): Promise<number[]> {
    return texts.map(words);
  }

  async promptLength(text: string): Promise<number> {
    return words(text) + 1;
  }

  async completeJson(
    prompt: string,
    schema: GbnfJsonSchema,
    maxTokens: number,
    signal?: AbortSignal,
  ): Promise<JsonCompletion> {
    this.prompts.push(prompt);
    this.grammars.push(schema);
    this.maxTokens.push(maxTokens);
    const base = { encodedTokens: words(prompt) + 1, reusedTokens: 0, generatedTokens: 5, ms: 2 };
    if (signal?.aborted) return { ...base, text: "", finishReason: "aborted" };
    const next = this.script.shift();
    if (next === undefined) throw new Error(`the fake model has no output scripted for prompt ${this.prompts.length}`);
    return typeof next === "string"
      ? { ...base, text: next, finishReason: "eos" }
      : { ...base, finishReason: "eos", ...next };
  }
}
