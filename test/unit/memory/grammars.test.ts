import { describe, expect, it } from "vitest";
import { revisionsGrammar, toGrammarSchema } from "../../../src-main/core/memory/grammars.js";
import { ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import type { MemorySchema } from "../../../src-main/core/memory/memorySchema.js";

const person = {
  type: "object",
  properties: {
    at: { type: "string" },
    coins: { type: "integer" },
    apples: { type: "integer" },
    nails: { type: "integer" },
    met: { type: "string" },
  },
};

describe("toGrammarSchema", () => {
  it("keeps the shape and drops minimum (a grammar cannot enforce it)", () => {
    expect(toGrammarSchema({ type: "integer", minimum: 0, maximum: 9 })).toEqual({ type: "integer" });
    expect(toGrammarSchema(ledgerSchema())).toEqual({
      type: "object",
      properties: {
        people: { type: "object", properties: {}, additionalProperties: person },
        items: { type: "object", properties: {}, additionalProperties: { type: "string" } },
      },
    });
  });

  it("keeps enums and array bounds", () => {
    const schema: MemorySchema = {
      type: "object",
      properties: {
        mood: { type: "string", enum: ["ok", "bad"] },
        notes: { type: "array", items: { type: "number" }, maxItems: 3 },
      },
    };
    expect(toGrammarSchema(schema)).toEqual({
      type: "object",
      properties: { mood: { enum: ["ok", "bad"] }, notes: { type: "array", items: { type: "number" }, maxItems: 3 } },
    });
  });
});

describe("revisionsGrammar", () => {
  it("lets a revision's value be any part of the ledger schema, each listed once", () => {
    const grammar = revisionsGrammar(ledgerSchema(), 12) as unknown as {
      properties: {
        revisions: {
          maxItems: number;
          items: { oneOf: { properties: { op: unknown; value?: { oneOf: unknown[] } } }[] };
        };
      };
    };
    const { revisions } = grammar.properties;
    expect(revisions.maxItems).toBe(12);
    const [addOrUpdate, remove] = revisions.items.oneOf;
    expect(addOrUpdate?.properties.op).toEqual({ enum: ["add", "update"] });
    expect(remove?.properties).toEqual({ op: { const: "remove" }, path: { type: "string" } });
    const values = addOrUpdate?.properties.value?.oneOf ?? [];
    expect(values).toContainEqual(person);
    expect(values).toContainEqual({ type: "string" });
    expect(values).toContainEqual({ type: "integer" });
    expect(values).toContainEqual({ type: "object", properties: {}, additionalProperties: person });
    expect(values.map((v) => JSON.stringify(v))).toEqual([...new Set(values.map((v) => JSON.stringify(v)))]);
    expect(values).toHaveLength(5);
  });

  it("uses the single value schema directly when there is only one", () => {
    const grammar = revisionsGrammar({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
    }) as unknown as {
      properties: { revisions: { maxItems: number; items: { oneOf: { properties: { value?: unknown } }[] } } };
    };
    expect(grammar.properties.revisions.maxItems).toBe(24);
    expect(grammar.properties.revisions.items.oneOf[0]?.properties.value).toEqual({ type: "string" });
  });
});
