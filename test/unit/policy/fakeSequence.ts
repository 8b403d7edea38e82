import type { LlamaContextSequence, Token } from "node-llama-cpp";

/** A stand-in sequence holding cached tokens: only what the pool's routing reads. */
export function fakeSequence(name: string, cached: number[]) {
  return {
    name,
    compareContextTokens(tokens: Token[]) {
      let i = 0;
      while (i < cached.length && i < tokens.length && cached[i] === tokens[i]) i++;
      return { firstDifferentIndex: i };
    },
  } as unknown as LlamaContextSequence & { name: string };
}
