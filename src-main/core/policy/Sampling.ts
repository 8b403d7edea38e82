/** How the next token is chosen. Temperature 0 is greedy. */
export interface Sampling {
  /** 0 = greedy (default). */
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  /** Makes sampling repeatable: the same seed, prompt and model give the same text. */
  seed?: number;
}
