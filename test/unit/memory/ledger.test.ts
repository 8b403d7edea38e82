import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLedgerSet, type LedgerItem } from "../../../src-main/core/memory/evaluateReader.js";
import {
  ALL_FIELDS,
  emptyLedgerMemory,
  generateLedger,
  revisionsFor,
  type LedgerDocument,
  type LedgerFields,
} from "../../../src-main/core/memory/ledger/generateLedger.js";
import { fieldChoices, ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import { buildLedgerSplit, LEDGER_SPLITS } from "../../../src-main/core/memory/ledger/ledgerSplits.js";
import { compileMemorySchema, initialMemory } from "../../../src-main/core/memory/memorySchema.js";
import { valueAt } from "../../../src-main/core/memory/readDocument.js";
import { applyRevisions } from "../../../src-main/core/memory/revisions.js";

const testSplit = buildLedgerSplit("test");

/** Replays every sentence's revisions (kept to `fields`) from the empty memory, under the schema for `fields`. */
function replay(doc: LedgerDocument, fields: LedgerFields): { memory: unknown; rejected: string[] } {
  const { validate } = compileMemorySchema(ledgerSchema(fields), "ledger");
  let memory: unknown = emptyLedgerMemory(fields);
  const rejected: string[] = [];
  for (const sentence of doc.sentences) {
    const out = applyRevisions(memory, revisionsFor(sentence.revisions, fields), validate);
    for (const r of out.results) if (!r.applied) rejected.push(`${sentence.text} → ${r.op} ${r.path}: ${r.reason}`);
    memory = out.memory;
  }
  return { memory, rejected };
}

const fieldOfPath = (path: string): keyof LedgerFields => {
  const [, top, , field] = path.split("/");
  if (top === "items") return "items";
  return field === "at" ? "at" : field === "met" ? "met" : "goods";
};

describe("generateLedger", () => {
  it("is deterministic for a seed, and different seeds give different documents", () => {
    const a = generateLedger("doc", 42, { events: 120 });
    const b = generateLedger("doc", 42, { events: 120 });
    const c = generateLedger("doc", 43, { events: 120 });
    expect(b).toEqual(a);
    expect(c.text).not.toBe(a.text);
    expect(a.text).toBe(a.sentences.map((s) => s.text).join(" "));
  });

  it("has one sentence per event after the opening (4 people and 2 items)", () => {
    const doc = generateLedger("doc", 7, { events: 50 });
    expect(doc.sentences).toHaveLength(4 + 2 + 50);
    expect(doc.questions.length).toBeGreaterThanOrEqual(2);
  });

  it("replaying the test split's revisions is never rejected and ends with each question's answer at its path", () => {
    expect(testSplit).toHaveLength(LEDGER_SPLITS.test.documents);
    for (const doc of testSplit) {
      const { memory, rejected } = replay(doc, ALL_FIELDS);
      expect(rejected, doc.id).toEqual([]);
      for (const q of doc.questions) expect(String(valueAt(memory, q.path)), `${doc.id}: ${q.question}`).toBe(q.answer);
    }
  });

  it("revisionsFor keeps each choice of fields valid for that choice's schema", () => {
    const docs = testSplit.slice(0, 2);
    for (const fields of fieldChoices()) {
      expect(emptyLedgerMemory(fields)).toEqual(initialMemory(ledgerSchema(fields)));
      for (const doc of docs) {
        const { memory, rejected } = replay(doc, fields);
        const label = `${doc.id} ${JSON.stringify(fields)}`;
        expect(rejected, label).toEqual([]);
        for (const q of doc.questions) {
          const value = valueAt(memory, q.path);
          if (fields[fieldOfPath(q.path)]) expect(String(value), label).toBe(q.answer);
          else expect(value, label).toBeUndefined();
        }
      }
    }
  });

  it("revisionsFor drops the fields not asked for from a whole person record", () => {
    const add = {
      op: "add" as const,
      path: "/people/Ada",
      value: { at: "mill", coins: 1, apples: 2, nails: 3, met: "" },
    };
    const only = (f: Partial<LedgerFields>): LedgerFields => ({
      at: false,
      goods: false,
      met: false,
      items: false,
      ...f,
    });
    expect(revisionsFor([add], only({ at: true }))).toEqual([{ ...add, value: { at: "mill" } }]);
    expect(revisionsFor([add], only({ goods: true, met: true }))).toEqual([
      { ...add, value: { coins: 1, apples: 2, nails: 3, met: "" } },
    ]);
    expect(revisionsFor([add, { op: "update", path: "/items/key", value: "inn" }], only({ items: true }))).toEqual([
      { op: "update", path: "/items/key", value: "inn" },
    ]);
  });

  it("makes test documents long: well over 20,000 characters each", () => {
    // The "at least 8 × 768 tokens" check needs the reader's tokenizer and lives with the model tests.
    for (const doc of testSplit) expect(doc.text.length, doc.id).toBeGreaterThan(20_000);
  });
});

describe("models/data/ledger-test.jsonl", () => {
  it("holds exactly the generated test split", () => {
    const committed = loadLedgerSet(
      join(import.meta.dirname, "../../../models/data/ledger-test.jsonl"),
    ) as (LedgerItem & { seed?: number })[];
    expect(committed.map(({ id, seed, text, questions }) => ({ id, seed, text, questions }))).toEqual(
      testSplit.map(({ id, seed, text, questions }) => ({ id, seed, text, questions })),
    );
  });
});
