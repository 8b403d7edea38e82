import type { GbnfJsonSchema } from "node-llama-cpp";
import type { MemorySchema } from "./memorySchema.js";

/**
 * The JSON schemas that node-llama-cpp turns into GBNF grammars for the reader's outputs. node-llama-cpp's JSON-schema
 * grammars make every listed property required, in the listed order, so these list exactly the keys the reader
 * writes, in the order it writes them (readerPrompts.ts).
 */

/** A memory schema as a grammar schema: the same shape, without the keywords a grammar cannot enforce (minimum). */
export function toGrammarSchema(node: MemorySchema): GbnfJsonSchema {
  switch (node.type) {
    case "object": {
      const properties = Object.fromEntries(
        Object.entries(node.properties ?? {}).map(([k, v]) => [k, toGrammarSchema(v)]),
      );
      const extra = node.additionalProperties;
      return typeof extra === "object"
        ? { type: "object", properties, additionalProperties: toGrammarSchema(extra) }
        : { type: "object", properties };
    }
    case "array":
      return node.maxItems === undefined
        ? { type: "array", items: toGrammarSchema(node.items) }
        : { type: "array", items: toGrammarSchema(node.items), maxItems: node.maxItems };
    case "string":
      return node.enum ? { enum: node.enum } : { type: "string" };
    case "integer":
      return { type: "integer" };
    case "number":
      return { type: "number" };
  }
}

/** Every part of the schema below its root, once each: the values a revision may carry. */
function valueSchemas(root: MemorySchema): GbnfJsonSchema[] {
  const seen = new Map<string, GbnfJsonSchema>();
  const walk = (node: MemorySchema, isRoot: boolean): void => {
    if (!isRoot) {
      const g = toGrammarSchema(node);
      seen.set(JSON.stringify(g), g);
    }
    if (node.type === "object") {
      for (const child of Object.values(node.properties ?? {})) walk(child, false);
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties, false);
    } else if (node.type === "array") walk(node.items, false);
  };
  walk(root, true);
  return [...seen.values()];
}

/**
 * `{"revisions":[{"op":"add"|"update","path":..,"value":..} | {"op":"remove","path":..}]}`, the value being any part
 * of the memory schema. Paths are free strings here; whether they exist is checked when the revision is applied.
 * At most `maxRevisions` per chunk, so a model that loops cannot fill the context.
 */
export function revisionsGrammar(schema: MemorySchema, maxRevisions = 24): GbnfJsonSchema {
  const values = valueSchemas(schema);
  const value: GbnfJsonSchema = values.length === 1 ? (values[0] as GbnfJsonSchema) : { oneOf: values };
  return {
    type: "object",
    properties: {
      revisions: {
        type: "array",
        maxItems: maxRevisions,
        items: {
          oneOf: [
            { type: "object", properties: { op: { enum: ["add", "update"] }, path: { type: "string" }, value } },
            { type: "object", properties: { op: { const: "remove" }, path: { type: "string" } } },
          ],
        },
      },
    },
  };
}

/** `{"answer":"..","paths":["/.."]}`: the answer, and the memory paths it was read from. */
export const ANSWER_GRAMMAR: GbnfJsonSchema = {
  type: "object",
  properties: { answer: { type: "string" }, paths: { type: "array", items: { type: "string" }, maxItems: 8 } },
};

/**
 * Mull's JSON-Schema subset (memorySchema.ts) as a grammar, for schemas proposed from a task description: each kind
 * of node in the key orders a schema is written in. The result is still checked by ajv before use.
 */
export const SCHEMA_GRAMMAR: GbnfJsonSchema = {
  $defs: {
    node: {
      oneOf: [
        {
          type: "object",
          properties: {
            type: { const: "object" },
            properties: { type: "object", additionalProperties: { $ref: "#/$defs/node" } },
            required: { type: "array", items: { type: "string" } },
            additionalProperties: { const: false },
          },
        },
        { type: "object", properties: { type: { const: "object" }, additionalProperties: { $ref: "#/$defs/node" } } },
        { type: "object", properties: { type: { const: "array" }, items: { $ref: "#/$defs/node" } } },
        { type: "object", properties: { type: { const: "string" } } },
        { type: "object", properties: { type: { enum: ["integer", "number"] }, minimum: { type: "number" } } },
        { type: "object", properties: { type: { enum: ["integer", "number"] } } },
      ],
    },
  },
  $ref: "#/$defs/node",
} as unknown as GbnfJsonSchema;
