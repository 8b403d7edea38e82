/** The reward model's tokenizer, whatever file it comes from. */
export interface PrmTokenizer {
  /** Token ids of the text, with BOS (or the tokenizer.json's own special tokens) when the profile asks for it. */
  encode(text: string): number[];
  /** Token ids of the text alone, never with special tokens added: to resolve tags and label tokens. */
  encodePlain(text: string): number[];
  /** The text of token ids, special tokens (BOS, tags, separators) written out: to show a person the exact input. */
  decode(ids: readonly number[]): string;
  /**
   * Whether texts tokenized piece by piece usually concatenate to the whole text's tokens, so that step positions
   * can be found in linear time (checked every time; false where it rarely holds, as with a SentencePiece GGUF
   * vocabulary, whose dummy prefix adds a space to every piece).
   */
  piecewise: boolean;
  dispose(): Promise<void>;
}
