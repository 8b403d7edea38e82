/** One chunk of a long input: its text and where it lies in the input (UTF-16 offsets, end exclusive). */
export interface TextChunk {
  index: number;
  text: string;
  start: number;
  end: number;
  /** Its length in the reading model's tokens (the sum of its sentences' counts, see chunkText). */
  tokens: number;
}

/** Counts tokens of many texts in one call (one round trip to an engine in another process). */
export type CountTokens = (texts: readonly string[]) => Promise<number[]>;

interface Unit {
  start: number;
  end: number;
  tokens: number;
}

/**
 * Splits a text into chunks of at most `maxTokens` of the reading model's tokens, as PRISM reads its input (§3: a
 * stream of chunks, each read once). Chunks end on sentence or line boundaries where they can: sentences are packed
 * greedily, a sentence longer than a chunk is split between words, and a word longer than a chunk between
 * characters. Whitespace between chunks belongs to neither; every other character is in exactly one chunk, in order.
 *
 * Each sentence (or word, or character) is counted on its own and a chunk's count is the sum. With a SentencePiece
 * vocabulary that is the count of the chunk itself (each piece's leading space is its own "▁"); with a byte-level BPE
 * it can differ by a token per sentence. The reader checks the whole prompt against the context anyway.
 *
 * @throws RangeError if maxTokens is not a positive integer.
 */
export async function chunkText(text: string, maxTokens: number, countTokens: CountTokens): Promise<TextChunk[]> {
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new RangeError(`chunk size must be a positive whole number of tokens, not ${maxTokens}`);
  let units = await counted(text, sentenceSpans(text), countTokens);
  units = await refine(text, units, maxTokens, countTokens, (s, e) => wordSpans(text, s, e));
  units = await refine(text, units, maxTokens, countTokens, (s, e) => charSpans(text, s, e));
  const chunks: TextChunk[] = [];
  let open: Unit | undefined;
  const close = (): void => {
    if (!open) return;
    chunks.push({
      index: chunks.length,
      text: text.slice(open.start, open.end),
      start: open.start,
      end: open.end,
      tokens: open.tokens,
    });
    open = undefined;
  };
  for (const unit of units) {
    if (open && open.tokens + unit.tokens <= maxTokens) {
      open.end = unit.end;
      open.tokens += unit.tokens;
      continue;
    }
    close();
    open = { ...unit };
  }
  close();
  return chunks;
}

async function counted(
  text: string,
  spans: { start: number; end: number }[],
  countTokens: CountTokens,
): Promise<Unit[]> {
  const counts = spans.length === 0 ? [] : await countTokens(spans.map((s) => text.slice(s.start, s.end)));
  return spans.map((s, i) => ({ ...s, tokens: counts[i] ?? 0 }));
}

/** Units longer than a chunk, split by `split` and counted again (one call for all of them). */
async function refine(
  text: string,
  units: Unit[],
  maxTokens: number,
  countTokens: CountTokens,
  split: (start: number, end: number) => { start: number; end: number }[],
): Promise<Unit[]> {
  if (units.every((u) => u.tokens <= maxTokens)) return units;
  const parts = units.map((u) => (u.tokens <= maxTokens ? [u] : split(u.start, u.end)));
  const toCount = parts.flatMap((p) => p.filter((s) => !("tokens" in s)));
  const recounted = await counted(text, toCount, countTokens);
  let k = 0;
  return parts.flatMap((p) => p.map((s) => ("tokens" in s ? (s as Unit) : (recounted[k++] as Unit))));
}

/**
 * Sentences: up to ., ! or ? (with closing quotes or brackets) before whitespace or the end, or up to a line break.
 * A full stop inside a word ("3.5", "example.com") does not end a sentence.
 */
function sentenceSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^\n]+?(?:[.!?]+["')\]]*(?=\s|$)|(?=\n)|$)/g)) {
    const raw = m[0];
    const body = raw.trim();
    if (body.length === 0) continue;
    const start = (m.index ?? 0) + (raw.length - raw.trimStart().length);
    out.push({ start, end: start + body.length });
  }
  return out;
}

function wordSpans(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.slice(start, end).matchAll(/\S+/g))
    out.push({ start: start + (m.index ?? 0), end: start + (m.index ?? 0) + m[0].length });
  return out;
}

function charSpans(text: string, start: number, end: number): { start: number; end: number }[] {
  // By code point, so a surrogate pair is never cut in half.
  const out: { start: number; end: number }[] = [];
  for (let i = start; i < end;) {
    const cp = text.codePointAt(i) ?? 0;
    const next = i + (cp > 0xffff ? 2 : 1);
    out.push({ start: i, end: next });
    i = next;
  }
  return out;
}
