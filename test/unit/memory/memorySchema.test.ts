import { describe, expect, it } from "vitest";
import { ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import {
  compileMemorySchema,
  describeSchema,
  initialMemory,
  parseMemorySchema,
  SchemaError,
  type MemorySchema,
} from "../../../src-main/core/memory/memorySchema.js";

/** The SchemaError a call throws (fails the test if it throws nothing or something else). */
function schemaError(f: () => unknown): SchemaError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return error as SchemaError;
  }
  throw new Error("expected a SchemaError, got none");
}

describe("compileMemorySchema / parseMemorySchema", () => {
  it("compiles the ledger schema, and its validator accepts a ledger memory and refuses a wrong one", () => {
    const { schema, validate } = compileMemorySchema(ledgerSchema(), "ledger");
    expect(schema).toEqual(ledgerSchema());
    expect(
      validate({ people: { Ada: { at: "inn", coins: 1, apples: 0, nails: 2, met: "" } }, items: { key: "inn" } }),
    ).toBe(true);
    expect(validate({ people: { Ada: { at: "inn", coins: -1, apples: 0, nails: 2, met: "" } }, items: {} })).toBe(
      false,
    );
    expect(validate({ people: {} })).toBe(false);
  });

  it("ignores a root $schema key", () => {
    const { schema } = compileMemorySchema({ $schema: "http://json-schema.org/draft-07/schema#", ...ledgerSchema() });
    expect(schema).toEqual(ledgerSchema());
  });

  it("says the text is not valid JSON, naming its source", () => {
    const e = schemaError(() => parseMemorySchema("{ type: object }", "schema.json"));
    expect(e.message).toMatch(/^schema\.json: line 1, column 3: not valid JSON \(.+\)$/);
    expect(e.message).not.toContain("\n");
  });

  it("accepts a byte-order mark before the JSON", () => {
    const { schema } = parseMemorySchema("\uFEFF" + JSON.stringify(ledgerSchema()), "bom.json");
    expect(schema).toEqual(ledgerSchema());
  });

  const outside: { name: string; schema: unknown; message: RegExp }[] = [
    {
      name: 'type "null"',
      schema: { type: "object", properties: { a: { type: "null" } } },
      message: /^s\.json: \/properties\/a\/type /,
    },
    {
      name: "oneOf",
      schema: { type: "object", properties: { a: { type: "string", oneOf: [{ type: "string" }] } } },
      message: /^s\.json: \/properties\/a .*\("oneOf"\)/,
    },
    {
      name: "oneOf instead of a type",
      schema: { type: "object", properties: { a: { oneOf: [{ type: "string" }] } } },
      message: /^s\.json: \/properties\/a .*'type'/,
    },
    {
      name: "an array without items",
      schema: { type: "object", properties: { list: { type: "array" } } },
      message: /^s\.json: \/properties\/list .*'items'/,
    },
    {
      name: "an unknown keyword",
      schema: { type: "object", properties: { a: { type: "string", pattern: "^x" } } },
      message: /^s\.json: \/properties\/a .*\("pattern"\)/,
    },
    {
      name: "a nested node outside the subset",
      schema: { type: "object", properties: { a: { type: "array", items: { type: "null" } } } },
      message: /^s\.json: \/properties\/a\/items\/type /,
    },
    {
      name: "a root that is not an object node",
      schema: { type: "array", items: { type: "string" } },
      message: /^s\.json: \/type /,
    },
  ];
  for (const { name, schema, message } of outside)
    it(`refuses ${name} with a one-line message naming the JSON pointer`, () => {
      const e = schemaError(() => compileMemorySchema(schema, "s.json"));
      expect(e.message).toMatch(message);
      expect(e.message.split("\n")).toHaveLength(1);
    });

  it("refuses a root that is not a JSON object at all", () => {
    for (const schema of [[], "object", null, 3])
      expect(schemaError(() => compileMemorySchema(schema, "s.json")).message).toMatch(/^s\.json is not a JSON object/);
  });

  it("lets ajv's strict mode refuse `required` naming a property that is not there", () => {
    const e = schemaError(() =>
      compileMemorySchema({ type: "object", properties: { a: { type: "string" } }, required: ["a", "b"] }, "s.json"),
    );
    // Both the pointer of the object and the missing name are in the message.
    expect(e.message).toMatch(/^s\.json: its root .*"b"/);
    expect(e.message).not.toContain("\n");
    const nested = schemaError(() =>
      compileMemorySchema(
        {
          type: "object",
          properties: { inner: { type: "object", properties: { a: { type: "string" } }, required: ["c"] } },
        },
        "s.json",
      ),
    );
    expect(nested.message).toMatch(/^s\.json: \/properties\/inner .*"c"/);
  });
});

describe("describeSchema", () => {
  it("renders the ledger schema compactly", () => {
    expect(describeSchema(ledgerSchema())).toBe(
      "{people:{[key]:{at:string,coins:int,apples:int,nails:int,met:string}},items:{[key]:string}}",
    );
  });

  it("renders arrays, enums and numbers", () => {
    const schema: MemorySchema = {
      type: "object",
      properties: {
        notes: { type: "array", items: { type: "string" } },
        mood: { type: "string", enum: ["ok", "bad"] },
        score: { type: "number" },
      },
    };
    expect(describeSchema(schema)).toBe('{notes:string[],mood:"ok"|"bad",score:number}');
  });
});

describe("initialMemory", () => {
  it("starts the ledger with empty keyed maps", () => {
    expect(initialMemory(ledgerSchema())).toEqual({ people: {}, items: {} });
  });

  it("fills named members: objects, [], the first enum value, '' and 0 (or a positive minimum)", () => {
    const schema: MemorySchema = {
      type: "object",
      properties: {
        inner: { type: "object", properties: { n: { type: "integer" } } },
        notes: { type: "array", items: { type: "string" } },
        mood: { type: "string", enum: ["ok", "bad"] },
        name: { type: "string" },
        score: { type: "number", minimum: 2.5 },
        low: { type: "integer", minimum: -3 },
      },
    };
    const memory = initialMemory(schema);
    expect(memory).toEqual({ inner: { n: 0 }, notes: [], mood: "ok", name: "", score: 2.5, low: 0 });
    expect(compileMemorySchema(schema).validate(memory)).toBe(true);
  });
});
