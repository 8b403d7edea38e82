import { describe, expect, it } from "vitest";
import { ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema } from "../../../src-main/core/memory/memorySchema.js";
import {
  answerFromMemory,
  memoryAfter,
  readDocument,
  ReadInputError,
  truncationBaseline,
  valueAt,
  type ChunkReport,
} from "../../../src-main/core/memory/readDocument.js";
import { FakeStructuredModel, type Scripted } from "./fakeStructuredModel.js";

// readDocument's control flow with a scripted stand-in model (FakeStructuredModel); the real reader is tested in
// test/model.

const schema = compileMemorySchema(ledgerSchema(), "ledger");
const S = "{people:{[key]:{at:string,coins:int,apples:int,nails:int,met:string}},items:{[key]:string}}";
// Six five-word sentences: with chunks of 10 tokens (words), three chunks of two sentences.
const text =
  "Ada was at the mill. Ben was at the inn. Ada walked to forge now. " +
  "Ben found two apples today. Ada met Ben right there. Ben lost one apple here.";
const chunkTexts = [
  "Ada was at the mill. Ben was at the inn.",
  "Ada walked to forge now. Ben found two apples today.",
  "Ada met Ben right there. Ben lost one apple here.",
];
const adaRecord = { at: "mill", coins: 0, apples: 0, nails: 0, met: "" };
const benRecord = { at: "inn", coins: 0, apples: 0, nails: 0, met: "" };
const revisions = (...rs: object[]): string => JSON.stringify({ revisions: rs });
const script: Scripted[] = [
  revisions({ op: "add", path: "/people/Ada", value: adaRecord }, { op: "add", path: "/people/Ben", value: benRecord }),
  revisions(
    { op: "update", path: "/people/Ada/at", value: "forge" },
    { op: "update", path: "/people/Ben/apples", value: 2 },
  ),
  revisions(
    { op: "update", path: "/people/Ada/met", value: "Ben" },
    { op: "update", path: "/people/Ben/met", value: "Ada" },
    { op: "update", path: "/people/Ben/apples", value: 1 },
  ),
];
const after = [
  { people: { Ada: adaRecord, Ben: benRecord }, items: {} },
  { people: { Ada: { ...adaRecord, at: "forge" }, Ben: { ...benRecord, apples: 2 } }, items: {} },
  {
    people: { Ada: { ...adaRecord, at: "forge", met: "Ben" }, Ben: { ...benRecord, apples: 1, met: "Ada" } },
    items: {},
  },
];
const EMPTY = '{"people":{},"items":{}}';
const textLine = (prompt: string): number => prompt.indexOf("text: ");

describe("readDocument", () => {
  it("amend: renders the memory once and appends applied revisions as a log, so prompts share a growing prefix", async () => {
    const model = new FakeStructuredModel(400, script);
    const seen: { index: number; memory: unknown; total: number }[] = [];
    const result = await readDocument(model, {
      text,
      schema,
      mode: "amend",
      chunkTokens: 10,
      maxRevisionTokens: 192,
      onChunk: (c, memory, total) => seen.push({ index: c.index, memory: structuredClone(memory), total }),
    });
    expect(model.prompts).toEqual([
      `read\nschema: ${S}\nmemory: ${EMPTY}\ntext: ${chunkTexts[0]}\nrevisions:\n`,
      `read\nschema: ${S}\nmemory: ${EMPTY}\n` +
        `log: add /people/Ada ${JSON.stringify(adaRecord)}\nlog: add /people/Ben ${JSON.stringify(benRecord)}\n` +
        `text: ${chunkTexts[1]}\nrevisions:\n`,
      `read\nschema: ${S}\nmemory: ${EMPTY}\n` +
        `log: add /people/Ada ${JSON.stringify(adaRecord)}\nlog: add /people/Ben ${JSON.stringify(benRecord)}\n` +
        `log: update /people/Ada/at "forge"\nlog: update /people/Ben/apples 2\n` +
        `text: ${chunkTexts[2]}\nrevisions:\n`,
    ]);
    // Each prompt's part before its chunk is a prefix of the next prompt.
    for (let i = 1; i < model.prompts.length; i++) {
      const previous = model.prompts[i - 1] as string;
      expect((model.prompts[i] as string).startsWith(previous.slice(0, textLine(previous)) + "log: ")).toBe(true);
    }
    expect(result.stoppedBy).toBe("done");
    expect(result.totalChunks).toBe(3);
    expect(result.memory).toEqual(after[2]);
    expect(result.chunks.map((c) => [c.index, c.start, c.end, c.tokens, c.rerendered])).toEqual([
      [0, 0, chunkTexts[0]?.length, 10, false],
      [
        1,
        text.indexOf(chunkTexts[1] as string),
        text.indexOf(chunkTexts[1] as string) + (chunkTexts[1] as string).length,
        10,
        false,
      ],
      [2, text.indexOf(chunkTexts[2] as string), text.length, 10, false],
    ]);
    expect(result.chunks.flatMap((c) => c.revisions.map((r) => r.applied))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(seen).toEqual(after.map((memory, index) => ({ index, memory, total: 3 })));
    const encoded = model.prompts.reduce((n, p) => n + p.split(/\s+/).filter(Boolean).length + 1, 0);
    expect(result.spent).toEqual({ encodedTokens: encoded, reusedTokens: 0, generatedTokens: 15, ms: 6 });
    expect(model.maxTokens).toEqual([192, 192, 192]);
    expect(result.answer).toBeUndefined();
  });

  it("rewrite: renders the current memory before every chunk, with no log", async () => {
    const model = new FakeStructuredModel(400, script);
    const result = await readDocument(model, { text, schema, mode: "rewrite", chunkTokens: 10 });
    expect(model.prompts).toEqual([
      `read\nschema: ${S}\nmemory: ${EMPTY}\ntext: ${chunkTexts[0]}\nrevisions:\n`,
      `read\nschema: ${S}\nmemory: ${JSON.stringify(after[0])}\ntext: ${chunkTexts[1]}\nrevisions:\n`,
      `read\nschema: ${S}\nmemory: ${JSON.stringify(after[1])}\ntext: ${chunkTexts[2]}\nrevisions:\n`,
    ]);
    expect(result.memory).toEqual(after[2]);
  });

  it("amend: renders the memory again, and starts the log over, when the log no longer leaves room", async () => {
    // Prompt 1 is 18 words and leaves 22 for 20 output tokens; with chunk 1's log (8 words) prompt 2 would not fit.
    const model = new FakeStructuredModel(40, script);
    const result = await readDocument(model, { text, schema, mode: "amend", chunkTokens: 10, maxRevisionTokens: 20 });
    expect(model.prompts[1]).toBe(
      `read\nschema: ${S}\nmemory: ${JSON.stringify(after[0])}\ntext: ${chunkTexts[1]}\nrevisions:\n`,
    );
    expect(model.prompts[2]).toBe(
      `read\nschema: ${S}\nmemory: ${JSON.stringify(after[1])}\ntext: ${chunkTexts[2]}\nrevisions:\n`,
    );
    expect(result.chunks.map((c) => c.rerendered)).toEqual([false, true, true]);
    expect(result.memory).toEqual(after[2]);
  });

  it("stops with memory-full when the rendered memory leaves no room for a chunk, and still answers", async () => {
    // Context 100, 60 tokens for revisions: a prompt must leave 32 (min(60, 32)) free, so the memory may render to
    // at most 51 words before a 10-word chunk; chunk 1 makes it 60.
    const place = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
    const long = { ...adaRecord, at: place };
    const model = new FakeStructuredModel(100, [
      revisions({ op: "add", path: "/people/Ada", value: long }),
      JSON.stringify({ answer: place, paths: ["/people/Ada/at"] }),
    ]);
    const result = await readDocument(model, {
      text,
      schema,
      mode: "rewrite",
      chunkTokens: 10,
      maxRevisionTokens: 60,
      question: "Where is Ada?",
    });
    expect(result.stoppedBy).toBe("memory-full");
    expect(result.chunks).toHaveLength(1);
    expect(result.totalChunks).toBe(3);
    expect(result.reason).toMatch(
      /^the memory has grown to 60 tokens: with the schema and chunk 2 it no longer fits the reader's 100-token context/,
    );
    expect(result.memory).toEqual({ people: { Ada: long }, items: {} });
    // The question is still answered, from the memory read so far.
    expect(model.prompts[1]).toMatch(/^answer\n/);
    expect(result.answer?.paths).toEqual([{ path: "/people/Ada/at", value: place }]);
  });

  it("a chunk whose output was cut off records an error, applies nothing, and the read goes on", async () => {
    const cut = '{"revisions":[{"op":"update","path":"/people/Ada/at","value":"for';
    const model = new FakeStructuredModel(400, [
      script[0] as string,
      { text: cut, finishReason: "length", generatedTokens: 192 },
      script[2] as string,
    ]);
    const memories: unknown[] = [];
    const result = await readDocument(model, {
      text,
      schema,
      mode: "amend",
      chunkTokens: 10,
      onChunk: (_c, memory) => memories.push(structuredClone(memory)),
    });
    const [, second, third] = result.chunks as ChunkReport[];
    expect(second?.error).toBe("the revisions were cut off at 192 tokens, so none were applied");
    expect(second?.revisions).toEqual([]);
    expect(third?.error).toBeUndefined();
    expect(memories[1]).toEqual(after[0]);
    // Nothing from chunk 2 entered the log.
    expect(model.prompts[2]).not.toContain("forge");
    expect(result.memory).toEqual({
      people: { Ada: { ...adaRecord, met: "Ben" }, Ben: { ...benRecord, apples: 1, met: "Ada" } },
      items: {},
    });
  });

  it("cancelled after chunk 2: stops before chunk 3, keeps the memory of chunks 1 and 2, answers nothing", async () => {
    const controller = new AbortController();
    const model = new FakeStructuredModel(400, [...script, JSON.stringify({ answer: "x", paths: [] })]);
    const result = await readDocument(model, {
      text,
      schema,
      mode: "amend",
      chunkTokens: 10,
      question: "Where is Ada?",
      baseline: "truncate",
      signal: controller.signal,
      onChunk: (c) => {
        if (c.index === 1) controller.abort();
      },
    });
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.reason).toBe("cancelled after 2 of 3 chunks");
    expect(result.chunks).toHaveLength(2);
    expect(result.memory).toEqual(after[1]);
    expect(model.prompts).toHaveLength(2);
    expect(result.answer).toBeUndefined();
    expect(result.baseline).toBeUndefined();
  });

  it("cancelled during a chunk: that chunk's revisions are not applied", async () => {
    const model = new FakeStructuredModel(400, [
      script[0] as string,
      { text: '{"revisions":[', finishReason: "aborted" },
    ]);
    const result = await readDocument(model, { text, schema, mode: "rewrite", chunkTokens: 10 });
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.reason).toBe("cancelled during chunk 2 of 3; its revisions were not applied");
    expect(result.chunks).toHaveLength(1);
    expect(result.memory).toEqual(after[0]);
  });

  it("answers the question from the final memory", async () => {
    const model = new FakeStructuredModel(400, [
      ...script,
      JSON.stringify({ answer: "1", paths: ["/people/Ben/apples"] }),
    ]);
    const result = await readDocument(model, {
      text,
      schema,
      mode: "amend",
      chunkTokens: 10,
      question: "How many apples does Ben have?",
    });
    expect(model.prompts[3]).toBe(
      `answer\nschema: ${S}\nmemory: ${JSON.stringify(after[2])}\nquestion: How many apples does Ben have?\nreply:\n`,
    );
    expect(result.answer).toMatchObject({ answer: "1", paths: [{ path: "/people/Ben/apples", value: 1 }] });
  });

  it("lets the reader write 4 × chunkTokens per chunk by default, at most a third of the context", async () => {
    const small = new FakeStructuredModel(400, script);
    await readDocument(small, { text, schema, mode: "amend", chunkTokens: 10 });
    expect(small.maxTokens).toEqual([40, 40, 40]);
    const capped = new FakeStructuredModel(90, script);
    await readDocument(capped, { text, schema, mode: "amend", chunkTokens: 10 });
    expect(capped.maxTokens).toEqual([30, 30, 30]);
  });

  describe("refuses input that cannot be read", () => {
    const read = (model: FakeStructuredModel, over: Partial<Parameters<typeof readDocument>[1]>) =>
      readDocument(model, { text, schema, mode: "amend", chunkTokens: 10, ...over });

    it("an empty or blank document", async () => {
      await expect(read(new FakeStructuredModel(400), { text: "" })).rejects.toThrow(ReadInputError);
      await expect(read(new FakeStructuredModel(400), { text: " \n\t" })).rejects.toThrow(/the document is empty/);
    });

    it("a chunk size too large for the context, saying the largest that fits", async () => {
      // An empty prompt is 8 tokens (7 words and a BOS) and 192 are kept for revisions: 400 - 8 - 192 = 200.
      const model = new FakeStructuredModel(400);
      await expect(read(model, { chunkTokens: 201, maxRevisionTokens: 192 })).rejects.toThrow(
        "a chunk of 201 tokens does not fit: with this schema, the 400-token context and 192 tokens for revisions, a chunk can be at most 200 tokens",
      );
      expect(model.prompts).toEqual([]);
      const fits = new FakeStructuredModel(400, script);
      await expect(read(fits, { chunkTokens: 200, maxRevisionTokens: 192 })).resolves.toMatchObject({
        stoppedBy: "done",
        totalChunks: 1,
      });
    });

    it("a chunk too large for the default room for revisions (4 × chunkTokens, at most a third of the context)", async () => {
      // 300-token chunks would get min(1200, 133) = 133 tokens for revisions: 400 - 8 - 133 = 259 is the largest chunk.
      await expect(read(new FakeStructuredModel(400), { chunkTokens: 300 })).rejects.toThrow(
        "a chunk of 300 tokens does not fit: with this schema, the 400-token context and 133 tokens for revisions, a chunk can be at most 259 tokens",
      );
    });

    it("a question that cannot fit with the schema and memory", async () => {
      // The answer prompt is 7 words plus the question's, plus a BOS, and 64 tokens are kept for the answer: 400 - 72.
      const question = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
      const model = new FakeStructuredModel(400);
      await expect(read(model, { question: question(329) })).rejects.toThrow(
        "the question is 329 tokens: with the schema and memory it does not fit the reader's 400-token context",
      );
      await expect(read(model, { question: question(329) })).rejects.toBeInstanceOf(ReadInputError);
      const fits = new FakeStructuredModel(400, [...script, JSON.stringify({ answer: "", paths: [] })]);
      await expect(read(fits, { question: question(328) })).resolves.toMatchObject({ stoppedBy: "done" });
    });
  });
});

describe("memoryAfter", () => {
  it("replays the applied revisions up to a chunk", async () => {
    const model = new FakeStructuredModel(400, [
      script[0] as string,
      revisions({ op: "update", path: "/people/Zed/at", value: "x" }),
      script[2] as string,
    ]);
    const memories: unknown[] = [];
    const result = await readDocument(model, {
      text,
      schema,
      mode: "rewrite",
      chunkTokens: 10,
      onChunk: (_c, memory) => memories.push(structuredClone(memory)),
    });
    expect(result.chunks[1]?.revisions[0]?.applied).toBe(false);
    expect(memoryAfter(schema, result.chunks, -1)).toEqual({ people: {}, items: {} });
    for (let i = 0; i < 3; i++) expect(memoryAfter(schema, result.chunks, i)).toEqual(memories[i]);
    expect(memoryAfter(schema, result.chunks, 2)).toEqual(result.memory);
    expect(memoryAfter(schema, result.chunks, 0)).not.toEqual(memoryAfter(schema, result.chunks, 2));
  });
});

describe("answerFromMemory and valueAt", () => {
  it("looks up each path the model names; a missing path has no value", async () => {
    const model = new FakeStructuredModel(400, [
      JSON.stringify({ answer: "forge", paths: ["/people/Ada/at", "/people/Zed/at", "/constructor", "/people/Ben"] }),
    ]);
    const answer = await answerFromMemory(model, schema, after[2], "Where is Ada?");
    expect(model.prompts).toEqual([
      `answer\nschema: ${S}\nmemory: ${JSON.stringify(after[2])}\nquestion: Where is Ada?\nreply:\n`,
    ]);
    expect(answer.answer).toBe("forge");
    expect(answer.paths).toEqual([
      { path: "/people/Ada/at", value: "forge" },
      { path: "/people/Zed/at", value: undefined },
      { path: "/constructor", value: undefined },
      { path: "/people/Ben", value: after[2]?.people.Ben },
    ]);
    expect(model.maxTokens).toEqual([64]);
  });

  it("gives an empty answer for output that is not JSON", async () => {
    const model = new FakeStructuredModel(400, [{ text: '{"answer":"for', finishReason: "length" }]);
    expect(await answerFromMemory(model, schema, after[0], "Where is Ada?")).toMatchObject({ answer: "", paths: [] });
  });

  it("valueAt follows JSON Pointers, decodes ~1 and ~0, and never reads inherited members", () => {
    const memory = { items: { "a/b": "inn", "c~d": "mill", zero: 0 }, list: ["x", "y"] };
    expect(valueAt(memory, "/items/a~1b")).toBe("inn");
    expect(valueAt(memory, "/items/c~0d")).toBe("mill");
    expect(valueAt(memory, "/items/zero")).toBe(0);
    expect(valueAt(memory, "/list/1")).toBe("y");
    expect(valueAt(memory, "/items")).toEqual(memory.items);
    expect(valueAt(memory, "/items/zero/more")).toBeUndefined();
    expect(valueAt(memory, "/items/toString")).toBeUndefined();
    expect(valueAt(memory, "/__proto__")).toBeUndefined();
    expect(valueAt(memory, "/list/length")).toBe(2);
    expect(valueAt(memory, "items")).toBeUndefined();
  });
});

describe("truncationBaseline", () => {
  const sentences = [
    "Ada was at the mill.",
    "Ben was at the inn.",
    "Ada walked to forge now.",
    "Ben found two apples today.",
    "Ada met Ben right there.",
    "Ben lost one apple here.",
  ];
  const question = "Where is Ada?";

  it("reads the whole document when it fits", async () => {
    // 6 prompt words + 3 question words + 30 text words + a BOS + 64 for the answer = 104.
    const model = new FakeStructuredModel(104, [JSON.stringify({ answer: "forge", paths: [] })]);
    const out = await truncationBaseline(model, `  ${text}\n`, question);
    expect(out).toMatchObject({ kind: "full", answer: "forge", chars: text.length });
    expect(model.prompts).toEqual([`answer\nquestion: ${question}\ntext: ${text}\nreply:\n`]);
  });

  it("otherwise reads the longest end of the document that starts a sentence and fits", async () => {
    // With a context of 74 + 5k tokens, exactly the last k five-word sentences fit.
    for (let k = 1; k < sentences.length; k++) {
      const model = new FakeStructuredModel(74 + 5 * k, [JSON.stringify({ answer: "a", paths: [] })]);
      const out = await truncationBaseline(model, text, question);
      const tail = sentences.slice(sentences.length - k).join(" ");
      expect(out, `k=${k}`).toMatchObject({ kind: "truncate", answer: "a", chars: tail.length });
      expect(model.prompts, `k=${k}`).toEqual([`answer\nquestion: ${question}\ntext: ${tail}\nreply:\n`]);
    }
  });

  it("when not even the last sentence fits, reads the words of its end that fit rather than nothing", async () => {
    // A context of 74 leaves room for 2 text words: no sentence of five words fits.
    const model = new FakeStructuredModel(74, [JSON.stringify({ answer: "a", paths: [] })]);
    const out = await truncationBaseline(model, text, question);
    const last = sentences[sentences.length - 1] as string;
    const words = last.split(" ").slice(-2).join(" ");
    expect(out.chars).toBe(words.length);
    expect(model.prompts).toEqual([`answer\nquestion: ${question}\ntext: ${words}\nreply:\n`]);
  });

  it("cuts only at sentence starts, never inside a sentence", async () => {
    // Room for 7 text words: the last sentence (5 words) fits, the last two (10) do not, and no cut mid-sentence.
    const model = new FakeStructuredModel(81, [JSON.stringify({ answer: "a", paths: [] })]);
    const out = await truncationBaseline(model, text, question);
    expect(out.chars).toBe("Ben lost one apple here.".length);
  });
});
