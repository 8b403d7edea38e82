import type { GbnfJsonSchema, LlamaModel, Token } from "node-llama-cpp";
import { LlamaGrammarEvaluationState } from "node-llama-cpp";
import type { PooledSequence } from "./SequencePool.js";

/** What one structured (grammar-constrained) completion cost and produced. */
export interface JsonCompletion {
  /** The generated text, complete JSON unless `finishReason` is `length` or `aborted`. */
  text: string;
  /** `eos`: the model ended the JSON. `length`: the context or token limit cut it. `aborted`: cancelled. */
  finishReason: "eos" | "length" | "aborted";
  /** Prompt tokens evaluated now (not found in the sequence's KV cache). */
  encodedTokens: number;
  /** Leading prompt tokens found in the sequence's KV cache and kept. */
  reusedTokens: number;
  generatedTokens: number;
  ms: number;
}

/**
 * Greedy decoding under a grammar that node-llama-cpp builds from a JSON schema (`llama.createGrammarForJsonSchema`,
 * GBNF), so the text is always a prefix of JSON matching the schema and complete JSON when the model ends it. Keeps
 * the part of the prompt already in the pooled sequence's KV cache and evaluates only the rest: with PRISM's prompt
 * layout (core/memory/readerPrompts.ts) that is everything up to the first token that changed.
 */
export async function completeJsonOnSequence(
  model: LlamaModel,
  pooled: PooledSequence,
  prompt: readonly Token[],
  schema: GbnfJsonSchema,
  maxTokens: number,
  signal?: AbortSignal,
): Promise<JsonCompletion> {
  const started = performance.now();
  const { sequence } = pooled;
  const keep = Math.min(pooled.reusable, prompt.length - 1);
  if (keep < sequence.nextTokenIndex)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  const toEvaluate = prompt.slice(keep) as Token[];
  const limit = Math.min(maxTokens, sequence.contextSize - prompt.length);
  // A schema built at run time defeats the method's type inference (it infers the output type from a literal).
  const grammar = await model.llama.createGrammarForJsonSchema(
    schema as Parameters<typeof model.llama.createGrammarForJsonSchema>[0],
  );
  const grammarEvaluationState = new LlamaGrammarEvaluationState({ model, grammar });
  const tokens: Token[] = [];
  let finishReason: JsonCompletion["finishReason"] = "eos";
  if (limit <= 0) finishReason = "length";
  else
    for await (const token of sequence.evaluate(toEvaluate, { temperature: 0, grammarEvaluationState })) {
      if (model.isEogToken(token)) break;
      tokens.push(token);
      // The grammar lets whitespace follow the closing brace, and a small model may write it until the limit instead
      // of ending: the object is complete once the text parses (the grammar keeps every prefix valid JSON).
      if (model.detokenize([token]).includes("}") && parses(model.detokenize(tokens))) break;
      if (signal?.aborted) {
        finishReason = "aborted";
        break;
      }
      if (tokens.length >= limit) {
        finishReason = "length";
        break;
      }
    }
  return {
    text: model.detokenize(tokens),
    finishReason,
    encodedTokens: limit <= 0 ? 0 : toEvaluate.length,
    reusedTokens: keep,
    generatedTokens: tokens.length,
    ms: performance.now() - started,
  };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
