/**
 * Token positions at which each step's score is read: the last token of the text up to and including each step's
 * delimiter. `tokenize` must be the PRM's tokenizer (with BOS when the profile wants it). Positions come from
 * tokenizing each prefix, so a token that merges a step's last character with its delimiter ('.\n') is handled.
 */
export function stepEndPositions(
  prefix: string,
  steps: readonly string[],
  delimiter: string,
  tokenize: (text: string) => readonly number[],
): { tokens: number[]; positions: number[] } {
  let text = prefix;
  const positions: number[] = [];
  for (const step of steps) {
    text += step + delimiter;
    positions.push(tokenize(text).length - 1);
  }
  const tokens = [...tokenize(text)];
  return { tokens, positions: positions.map((p) => Math.min(p, tokens.length - 1)) };
}
