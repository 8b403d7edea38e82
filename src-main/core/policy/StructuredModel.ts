import type { GbnfJsonSchema } from "node-llama-cpp";
import type { JsonCompletion } from "./completeJson.js";

/**
 * A policy as a structured reader uses it (core/memory): count tokens, measure prompts, and complete JSON under a
 * grammar with KV reuse. LlamaPolicy implements it in process; RemotePolicy forwards it to the engine process, so
 * every method is asynchronous and counting takes many texts at once.
 */
export interface StructuredModel {
  /** Tokens per sequence of the model's context. */
  readonly contextSize: number;
  /** Tokens of each text (no BOS, no template): what chunks are measured in. */
  countTokens(texts: readonly string[]): Promise<number[]>;
  /** Tokens a prompt becomes, BOS or chat template included: what must fit the context. */
  promptLength(text: string): Promise<number>;
  /** Greedy JSON matching `schema` (a GBNF grammar), at most maxTokens; see completeJsonOnSequence. */
  completeJson(
    prompt: string,
    schema: GbnfJsonSchema,
    maxTokens: number,
    signal?: AbortSignal,
  ): Promise<JsonCompletion>;
}
