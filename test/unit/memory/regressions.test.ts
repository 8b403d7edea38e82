// Behaviour of src-main/core/memory that contradicts its own documentation, found while writing the unit tests.
// These tests fail until the source is fixed; each states the documented behaviour it expects.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkText, type CountTokens } from "../../../src-main/core/memory/chunkText.js";
import { loadLedgerSet } from "../../../src-main/core/memory/evaluateReader.js";
import { ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema } from "../../../src-main/core/memory/memorySchema.js";
import { readDocument, truncationBaseline } from "../../../src-main/core/memory/readDocument.js";
import { FakeStructuredModel, words } from "./fakeStructuredModel.js";

const dir = mkdtempSync(join(tmpdir(), "mull-memory-bugs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in tokenizer (one token per word); the reading model's counts are tested in test/model.
const wordCount: CountTokens = async (texts) => texts.map(words);

describe("chunkText: a '.' inside a sentence (3.5, example.com) loses every sentence boundary after it on the line", () => {
  it("still ends chunks at sentence ends when every sentence fits", async () => {
    // Each sentence fits the 8-token chunk, so no chunk should end mid-sentence. Today the sentence regex finds no
    // end for "It cost 3." (no space after the '.'), falls back to `[^\n]+` and takes the rest of the line as one
    // sentence, which is then split between words: ["It cost 3.5 coins at the inn. Then", "she left the inn. Ben
    // stayed home all", "day."].
    const text = "It cost 3.5 coins at the inn. Then she left the inn. Ben stayed home all day.";
    const chunks = await chunkText(text, 8, wordCount);
    expect(chunks.map((c) => c.text)).toEqual([
      "It cost 3.5 coins at the inn.",
      "Then she left the inn.",
      "Ben stayed home all day.",
    ]);
  });

  it("same with a web address", async () => {
    const text = "See example.com for the list. Then she left the inn. Ben stayed home all day.";
    const chunks = await chunkText(text, 6, wordCount);
    expect(chunks.map((c) => c.text)).toEqual([
      "See example.com for the list.",
      "Then she left the inn.",
      "Ben stayed home all day.",
    ]);
  });
});

describe("truncationBaseline: a sentence after a closing quote is not a sentence start", () => {
  it("keeps the last sentence when only it fits", async () => {
    // Prompt = 6 words + 3 (question) + the tail's words + a BOS, and 64 tokens for the answer: with a context of 78
    // a 4-word tail fits, so the tail should be "Cleo left the inn." Today the start-of-sentence regex
    // /(?:^|[.!?]\s+|\n)(?=\S)/ needs the space right after the '.', so `."` followed by a space is no boundary, no
    // start after "Ben" fits, and the baseline is asked with an empty text (chars 0).
    const text = 'Ada was at the mill. Ben said "we leave now." Cleo left the inn.';
    const model = new FakeStructuredModel(78, [JSON.stringify({ answer: "inn", paths: [] })]);
    const out = await truncationBaseline(model, text, "Where is Ada?");
    expect(out.chars).toBe("Cleo left the inn.".length);
    expect(model.prompts[0]).toBe("answer\nquestion: Where is Ada?\ntext: Cleo left the inn.\nreply:\n");
  });
});

describe("loadLedgerSet: 'a bad line is an Error naming the file and line'", () => {
  it("names the file and line of a line that is not JSON", () => {
    // Today JSON.parse's SyntaxError escapes as it is: "Expected property name or '}' in JSON at position 1".
    const file = join(dir, "not-json.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: "a", text: "t", questions: [] })}\n{oops\n`);
    expect(() => loadLedgerSet(file)).toThrow(`${file}, line 2`);
  });

  it("counts blank lines in the line number", () => {
    // Blank lines are filtered out before numbering, so the item on line 3 is reported as "line 1".
    const file = join(dir, "blank-lines.jsonl");
    writeFileSync(file, `\n\n${JSON.stringify({ id: "a" })}\n`);
    expect(() => loadLedgerSet(file)).toThrow(`${file}, line 3: a ledger item needs id, text and questions`);
  });
});

describe("readDocument: a null revision in the model's output", () => {
  it("is recorded as rejected instead of crashing the read", async () => {
    // parseRevisions passes the parsed array on unchecked and applyRevisions ("never throws for a bad revision")
    // destructures each entry, so `null` throws "Cannot destructure property 'op' of 'revision' as it is null".
    // Only reachable when the output is not grammar-constrained, hence a robustness bug.
    const schema = compileMemorySchema(ledgerSchema(), "ledger");
    const model = new FakeStructuredModel(400, [
      JSON.stringify({ revisions: [null, { op: "add", path: "/items/key", value: "inn" }] }),
    ]);
    const result = await readDocument(model, {
      text: "The key lay at the inn.",
      schema,
      mode: "amend",
      chunkTokens: 10,
    });
    expect(result.memory).toEqual({ people: {}, items: { key: "inn" } });
    expect(result.chunks[0]?.revisions.map((r) => r.applied)).toEqual([false, true]);
  });
});
