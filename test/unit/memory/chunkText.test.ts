import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, type CountTokens, type TextChunk } from "../../../src-main/core/memory/chunkText.js";

// Stand-in tokenizers for the chunker's logic (the reading model's own counts are tested in test/model).
/** One token per whitespace-separated word; records each call's batch. */
function wordCounter(): { count: CountTokens; calls: string[][] } {
  const calls: string[][] = [];
  const count: CountTokens = async (texts) => {
    calls.push([...texts]);
    return texts.map(words);
  };
  return { count, calls };
}

/** One token per non-whitespace code point: makes a long word longer than a chunk. */
function codePointCounter(): { count: CountTokens; calls: string[][] } {
  const calls: string[][] = [];
  const count: CountTokens = async (texts) => {
    calls.push([...texts]);
    return texts.map((t) => [...t.replace(/\s/g, "")].length);
  };
  return { count, calls };
}

const words = (t: string): number => t.split(/\s+/).filter((w) => w !== "").length;
const lonelySurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The chunker's contract, whatever the text: each chunk is its slice of the text, within the limit, and the
 * chunks cover every non-whitespace character once, in order, with only whitespace between them. */
function expectWellFormed(text: string, chunks: TextChunk[], max: number, tokensOf: (t: string) => number): void {
  let at = 0;
  chunks.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.text).toBe(text.slice(c.start, c.end));
    expect(c.text).toBe(c.text.trim());
    expect(c.text).not.toBe("");
    expect(c.tokens).toBe(tokensOf(c.text));
    expect(c.tokens).toBeLessThanOrEqual(max);
    expect(c.start).toBeGreaterThanOrEqual(at);
    expect(text.slice(at, c.start).trim()).toBe("");
    expect(c.text).not.toMatch(lonelySurrogate);
    at = c.end;
  });
  expect(text.slice(at).trim()).toBe("");
  expect(chunks.map((c) => c.text.replace(/\s/g, "")).join("")).toBe(text.replace(/\s/g, ""));
}

const sentences = [
  "Ada walked to the mill.",
  "Ben found three apples near the old gate!",
  "Did Cleo meet Dev?",
  'Eli said "we leave at dawn."',
  "Fay hummed.",
  "The bells rang out over the harbor all morning long.",
];
const story = sentences.join(" ");

describe("chunkText", () => {
  it("packs whole sentences greedily into chunks within the limit", async () => {
    const { count } = wordCounter();
    const chunks = await chunkText(story, 12, count);
    expectWellFormed(story, chunks, 12, words);
    // Every chunk is a run of whole sentences, and the next sentence would not have fitted.
    const texts = chunks.map((c) => c.text);
    expect(texts).toEqual([
      "Ada walked to the mill.",
      "Ben found three apples near the old gate! Did Cleo meet Dev?",
      'Eli said "we leave at dawn." Fay hummed.',
      "The bells rang out over the harbor all morning long.",
    ]);
  });

  it("never ends a chunk mid-sentence when every sentence fits a chunk", async () => {
    const { count } = wordCounter();
    for (const max of [10, 11, 13, 17, 25]) {
      const chunks = await chunkText(story, max, count);
      expectWellFormed(story, chunks, max, words);
      for (const c of chunks) expect(sentences.some((s) => c.text.endsWith(s))).toBe(true);
      for (const [i, c] of chunks.entries()) {
        const next = chunks[i + 1];
        if (next)
          expect(c.tokens + words(sentences.find((s) => next.text.startsWith(s)) as string)).toBeGreaterThan(max);
      }
    }
  });

  it("treats a line break as a sentence end", async () => {
    const { count } = wordCounter();
    const text = "Chapter one\nAda walked to the mill and back again.";
    const chunks = await chunkText(text, 9, count);
    expect(chunks.map((c) => c.text)).toEqual(["Chapter one", "Ada walked to the mill and back again."]);
  });

  it("splits a sentence longer than a chunk between words (its pieces packed like sentences)", async () => {
    const { count } = wordCounter();
    const text = "Short one. " + "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12." + " Short two.";
    const chunks = await chunkText(text, 5, count);
    expectWellFormed(text, chunks, 5, words);
    expect(chunks.map((c) => c.text)).toEqual([
      "Short one. w1 w2 w3",
      "w4 w5 w6 w7 w8",
      "w9 w10 w11 w12.",
      "Short two.",
    ]);
    for (const c of chunks) expect(text[c.end] === undefined || /\s/.test(text[c.end] as string)).toBe(true);
  });

  it("splits a word longer than a chunk between characters, never inside a surrogate pair", async () => {
    const { count } = codePointCounter();
    const text = "ab 😀😀x😀yz🎉 cd";
    const chunks = await chunkText(text, 2, count);
    const cps = (t: string): number => [...t.replace(/\s/g, "")].length;
    expectWellFormed(text, chunks, 2, cps);
    expect(chunks.map((c) => c.text)).toEqual(["ab", "😀😀", "x😀", "yz", "🎉", "cd"]);
  });

  it("refuses a chunk size that is not a positive whole number", async () => {
    const { count, calls } = wordCounter();
    for (const max of [0, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      await expect(chunkText(story, max, count)).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it("gives no chunks for a blank text", async () => {
    const { count } = wordCounter();
    expect(await chunkText(" \n\t ", 4, count)).toEqual([]);
  });

  it("counts in batches: one call when sentences fit, one more per level of splitting", async () => {
    const long = Array.from({ length: 200 }, (_, i) => sentences[i % sentences.length]).join(" ");
    const plain = wordCounter();
    await chunkText(long, 64, plain.count);
    expect(plain.calls).toHaveLength(1);
    expect(plain.calls[0]).toHaveLength(200);

    const byWords = wordCounter();
    await chunkText(long, 4, byWords.count);
    expect(byWords.calls).toHaveLength(2);

    const byChars = codePointCounter();
    await chunkText(long, 3, byChars.count);
    expect(byChars.calls.length).toBeLessThanOrEqual(3);
  });

  it("keeps the contract for random texts (property)", async () => {
    const token = fc.constantFrom(
      "Ada",
      "mill",
      "a",
      "3",
      "3.5",
      "e.g.",
      "😀",
      "naïve",
      "x😀y",
      "longwordlongword",
      ".",
      "!",
      "?",
      '"',
      ")",
      "~",
    );
    const space = fc.constantFrom(" ", "  ", "\n", "\n\n", "\t", ". ", "! ", "? ", ".\n", '." ');
    const text = fc
      .array(fc.tuple(token, space), { maxLength: 60 })
      .map((parts) => parts.map(([t, s]) => t + s).join(""));
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 12 }), async (t, max) => {
        const words1 = wordCounter();
        expectWellFormed(t, await chunkText(t, max, words1.count), max, words);
        expect(words1.calls.length).toBeLessThanOrEqual(3);
        const cps = codePointCounter();
        expectWellFormed(t, await chunkText(t, max, cps.count), max, (s) => [...s.replace(/\s/g, "")].length);
        expect(cps.calls.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });
});
