/**
 * Lays out a PRM input (prefix, then each step followed by `marker` and `delimiter`) and finds the token at which
 * each step's score is read. With a marker (a step tag or separator token) that is the marker's token; without
 * one it is the last token of the step including its delimiter. `tokenize` must be the PRM's tokenizer (with BOS
 * when the profile wants it).
 *
 * Given `tokenizePlain` (the same tokenizer without special tokens), each piece is tokenized once on its own, and
 * the pieces' ids are used when they concatenate to exactly the whole text's ids: linear in the length. Otherwise
 * (a token merging a step's end with what follows, as '.\n' can, or SentencePiece's dummy prefix) each prefix
 * is tokenized whole, which is always right and quadratic in the number of steps.
 */
export function stepEndPositions(
  prefix: string,
  steps: readonly string[],
  delimiter: string,
  tokenize: (text: string) => readonly number[],
  marker = "",
  tokenizePlain?: (text: string) => readonly number[],
): { tokens: number[]; positions: number[] } {
  // Pieces in order; a step's score is read at the last token of the piece that ends with its marker or delimiter.
  const pieces = [prefix];
  const readAfter: number[] = [];
  for (const step of steps) {
    pieces.push(marker ? step + marker : step + delimiter);
    readAfter.push(pieces.length - 1);
    if (marker && delimiter) pieces.push(delimiter);
  }
  const tokens = [...tokenize(pieces.join(""))];
  const fast = tokenizePlain && piecewise(tokens, pieces, tokenizePlain);
  if (fast) return { tokens, positions: readAfter.map((i) => (fast[i] as number) - 1) };
  const positions = readAfter.map((i) => tokenize(pieces.slice(0, i + 1).join("")).length - 1);
  return { tokens, positions: positions.map((p) => Math.min(p, tokens.length - 1)) };
}

/** Token count through each piece, when the pieces tokenized alone make up exactly `tokens` (after any BOS). */
function piecewise(
  tokens: readonly number[],
  pieces: readonly string[],
  tokenizePlain: (text: string) => readonly number[],
): number[] | undefined {
  const ids = pieces.map((p) => (p ? tokenizePlain(p) : []));
  let at = tokens.length - ids.reduce((n, p) => n + p.length, 0); // leading special tokens
  if (at < 0) return undefined;
  const ends: number[] = [];
  for (const piece of ids) {
    for (const id of piece) if (tokens[at++] !== id) return undefined;
    ends.push(at);
  }
  return ends;
}
