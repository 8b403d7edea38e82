import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLedgerSet } from "../../src-main/core/memory/evaluateReader.js";
import { generateLedger } from "../../src-main/core/memory/ledger/generateLedger.js";
import { fieldChoices, ledgerSchema, ledgerTask } from "../../src-main/core/memory/ledger/ledgerSchemas.js";
import {
  compileMemorySchema,
  describeSchema,
  initialMemory,
  SchemaError,
} from "../../src-main/core/memory/memorySchema.js";
import { revisionsGrammar } from "../../src-main/core/memory/grammars.js";
import { proposeSchema } from "../../src-main/core/memory/proposeSchema.js";
import { readPrefix, readSuffix, renderMemory } from "../../src-main/core/memory/readerPrompts.js";
import { answerFromMemory, readDocument, ReadInputError, valueAt } from "../../src-main/core/memory/readDocument.js";
import { EMBEDDED, LEDGER_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

// The embedded reader through node-llama-cpp with its JSON-schema grammars: the real engine, the real GGUF.
describe("the embedded reader (PRISM structured memory)", () => {
  let reader: LlamaPolicy;
  const schema = compileMemorySchema(ledgerSchema());
  // A short generated document (not from any split): about 70 events, read in about 15 chunks.
  const doc = generateLedger("model-test", 424242, { events: 70 });

  beforeAll(async () => {
    reader = await LlamaPolicy.load(EMBEDDED.reader, { sequences: 2 });
  });
  afterAll(async () => {
    await reader?.dispose();
  });

  it("has the context the card and the chunk defaults assume, and test documents are at least 8× longer", async () => {
    expect(reader.contextSize).toBe(768);
    const [first] = loadLedgerSet(LEDGER_SETS.test);
    const [tokens] = await reader.countTokens([first?.text ?? ""]);
    expect(tokens).toBeGreaterThanOrEqual(8 * reader.contextSize);
  });

  it("ends an output at its closing brace instead of generating whitespace after it up to the limit", async () => {
    // The first sentences of a ledger document (four people arrive) are what the trained reader writes best; before
    // completeJson stopped at complete JSON, it wrote newlines after the closing brace until the 256-token reserve.
    const prompt =
      readPrefix(describeSchema(ledgerSchema()), renderMemory(initialMemory(ledgerSchema())), []) +
      readSuffix(doc.sentences[0]?.text ?? "");
    const out = await reader.completeJson(prompt, revisionsGrammar(ledgerSchema()), 256);
    expect(out.finishReason).toBe("eos");
    expect(out.text.endsWith("}")).toBe(true);
    expect(out.generatedTokens).toBeLessThan(128);
    expect(JSON.parse(out.text)).toHaveProperty("revisions");
  });

  // What the model writes is measured by the evaluation (models/recipes/evaluateReader.ts, the card); these tests
  // check what holds whatever it writes: the grammar, the checks, the accounting, the KV reuse.
  for (const mode of ["amend", "rewrite"] as const) {
    it(`${mode}: every output is grammar-valid JSON or cut at the limit, and the memory always fits the schema`, async () => {
      const seen: number[] = [];
      const result = await readDocument(reader, {
        text: doc.text,
        question: doc.questions[0]?.question,
        schema,
        mode,
        chunkTokens: 64,
        onChunk: (chunk, memory) => {
          seen.push(chunk.index);
          expect(schema.validate(memory)).toBe(true);
        },
      });
      expect(result.stoppedBy).toBe("done");
      expect(result.chunks.length).toBe(result.totalChunks);
      expect(seen).toEqual(result.chunks.map((c) => c.index));
      for (const c of result.chunks) {
        // Grammar-constrained: an output that did not parse can only be one the token limit cut off.
        if (c.error !== undefined) {
          expect(c.error).toMatch(/cut off at 256 tokens/);
          expect(c.generatedTokens).toBe(256);
        }
        for (const r of c.revisions) if (!r.applied) expect(r.reason).toMatch(/\S/);
        expect(c.encodedTokens).toBeGreaterThan(0);
      }
      // After the first chunk, each prompt starts with the instructions and schema already in the KV cache.
      for (const c of result.chunks.slice(1)) expect(c.reusedTokens).toBeGreaterThan(20);
      expect(result.answer).toBeDefined();
      expect(schema.validate(result.memory)).toBe(true);
    });
  }

  it("amend keeps the memory and the log in the KV cache: a chunk reuses at least what the previous one did, until a re-render", async () => {
    const result = await readDocument(reader, { text: doc.text, schema, mode: "amend", chunkTokens: 64 });
    for (const [k, c] of result.chunks.entries()) {
      const before = result.chunks[k - 1];
      if (k === 0 || c.rerendered || !before) continue;
      expect(c.reusedTokens).toBeGreaterThanOrEqual(before.reusedTokens);
    }
  });

  it("answers from the memory and looks up each path the answer names", async () => {
    const memory = {
      people: { Ada: { at: "mill", coins: 3, apples: 0, nails: 1, met: "Ben" } },
      items: { key: "mill" },
    };
    const answer = await answerFromMemory(reader, schema, memory, "How many coins does Ada have at the end?");
    expect(typeof answer.answer).toBe("string");
    for (const p of answer.paths) expect(p.value).toEqual(valueAt(memory, p.path));
    expect(answer.generatedTokens).toBeGreaterThan(0);
  });

  it("a schema proposed for a task is either checked and usable or refused in one line", async () => {
    const fields = fieldChoices()[4] ?? { at: false, goods: false, met: true, items: false };
    const outcome = await proposeSchema(reader, ledgerTask(fields)).then(
      (s) => ({ ok: true as const, s }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    if (outcome.ok) expect(outcome.s.validate(initialMemory(outcome.s.schema))).toBe(true);
    else {
      expect(outcome.e).toBeInstanceOf(SchemaError);
      expect((outcome.e as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("refuses a chunk size the context cannot hold and a question longer than the context, in one sentence each", async () => {
    await expect(readDocument(reader, { text: doc.text, schema, mode: "amend", chunkTokens: 5000 })).rejects.toThrow(
      ReadInputError,
    );
    await expect(
      readDocument(reader, { text: doc.text, schema, mode: "amend", chunkTokens: 64, question: "why ".repeat(900) }),
    ).rejects.toThrow(/question is \d+ tokens/);
  });

  it("stops at once when cancelled and keeps the memory read so far", async () => {
    const controller = new AbortController();
    const result = await readDocument(reader, {
      text: doc.text,
      schema,
      mode: "amend",
      chunkTokens: 64,
      signal: controller.signal,
      onChunk: (chunk) => {
        if (chunk.index === 2) controller.abort();
      },
    });
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.chunks.length).toBe(3);
    expect(Object.keys((result.memory as { people: object }).people).length).toBeGreaterThan(0);
  });
});

describe("a user's chat model reads by profile, under the same grammar", () => {
  it("frames the reader's prompt in the GGUF's own chat template and constrains the output", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "mull-chat-reader-"));
    const profile = join(dir, "chat.profile.json");
    const model = join(import.meta.dirname, "../fixtures/foreign.gguf");
    writeFileSync(
      profile,
      JSON.stringify({
        kind: "policy",
        model,
        prompt: "{problem}",
        promptFormat: "chat",
        answerPattern: "^Answer: (.+)$",
        tasks: ["read"],
      }),
    );
    const chat = await LlamaPolicy.load(profile, { sequences: 2 });
    try {
      // The fixture's context is 128 tokens: the smallest schema (items only) and an empty memory fit.
      const schema = compileMemorySchema(ledgerSchema({ at: false, goods: false, met: false, items: true }));
      const { answerPrompt, renderMemory } = await import("../../src-main/core/memory/readerPrompts.js");
      const { ANSWER_GRAMMAR } = await import("../../src-main/core/memory/grammars.js");
      const prompt = answerPrompt(describeSchema(schema.schema), renderMemory({ items: {} }), "Where is the key?");
      const framed = chat.model.detokenize(chat.promptTokens(prompt), true);
      expect(framed).toMatch(/<\|im_start\|>\s?user\nanswer\nschema: /);
      expect(framed).toMatch(/<\|im_start\|>\s?assistant\n$/);
      // A random-weight model: whatever it writes is JSON of the answer's shape, or a prefix of it cut at the limit.
      const out = await chat.completeJson(prompt, ANSWER_GRAMMAR, 48);
      if (out.finishReason === "eos") expect(Object.keys(JSON.parse(out.text) as object)).toEqual(["answer", "paths"]);
      else
        expect(
          out.text.startsWith('{"answer"') || out.text.startsWith('{ "answer"') || out.text.trimStart().startsWith("{"),
        ).toBe(true);
      expect(out.generatedTokens).toBeGreaterThan(0);
    } finally {
      await chat.dispose();
    }
  });
});
