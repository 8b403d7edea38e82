import { Ajv, type ValidateFunction } from "ajv";
import { jsonSyntaxPlace } from "../files/jsonSyntaxPlace.js";
import type { MemorySchema } from "./schemaShape.js";

export { describeSchema, initialMemory, type MemorySchema } from "./schemaShape.js";

const described = { description: { type: "string" }, title: { type: "string" } };

/** The subset, as a JSON Schema (draft-07) that ajv checks a user's schema against. */
export const SCHEMA_SUBSET = {
  $id: "https://mull.local/memory-schema-subset.json",
  definitions: {
    node: {
      type: "object",
      required: ["type"],
      properties: { type: { enum: ["object", "array", "string", "number", "integer"] } },
      discriminator: { propertyName: "type" },
      oneOf: [
        { $ref: "#/definitions/object" },
        { $ref: "#/definitions/array" },
        { $ref: "#/definitions/string" },
        { $ref: "#/definitions/number" },
        { $ref: "#/definitions/integer" },
      ],
    },
    object: {
      type: "object",
      required: ["type"],
      properties: {
        type: { const: "object" },
        ...described,
        properties: { type: "object", additionalProperties: { $ref: "#/definitions/node" } },
        additionalProperties: { anyOf: [{ type: "boolean" }, { $ref: "#/definitions/node" }] },
        required: { type: "array", items: { type: "string" } },
      },
      additionalProperties: false,
    },
    array: {
      type: "object",
      required: ["type", "items"],
      properties: {
        type: { const: "array" },
        ...described,
        items: { $ref: "#/definitions/node" },
        maxItems: { type: "integer", minimum: 0 },
      },
      additionalProperties: false,
    },
    string: {
      type: "object",
      required: ["type"],
      properties: {
        type: { const: "string" },
        ...described,
        enum: { type: "array", items: { type: "string" }, minItems: 1 },
        maxLength: { type: "integer", minimum: 0 },
      },
      additionalProperties: false,
    },
    number: {
      type: "object",
      required: ["type"],
      properties: { type: { const: "number" }, ...described, minimum: { type: "number" }, maximum: { type: "number" } },
      additionalProperties: false,
    },
    integer: {
      type: "object",
      required: ["type"],
      properties: {
        type: { const: "integer" },
        ...described,
        minimum: { type: "number" },
        maximum: { type: "number" },
      },
      additionalProperties: false,
    },
  },
  type: "object",
  required: ["type"],
  properties: { type: { const: "object", description: "the memory is an object at its root" } },
  allOf: [{ $ref: "#/definitions/node" }],
} as const;

const subsetAjv = new Ajv({ allErrors: false, discriminator: true, strict: true });
const checkSubset = subsetAjv.compile(SCHEMA_SUBSET);

/** Thrown for a schema that is not JSON, not JSON Schema, or outside the subset; the message is one line. */
export class SchemaError extends Error {
  override name = "SchemaError";
}

/** A checked schema, with the ajv validator of memories typed by it. */
export interface CompiledSchema {
  schema: MemorySchema;
  validate: ValidateFunction;
}

/**
 * Checks a schema against the subset, then compiles it with ajv in strict mode (which also refuses, say, a
 * `required` naming a property that is not there). A root `$schema` key is allowed and ignored.
 *
 * @param source where the schema came from, for the message ("schema.json", "the task's schema").
 * @throws SchemaError naming the source, the JSON Pointer of the offending part and what is wrong with it.
 */
export function compileMemorySchema(schema: unknown, source = "the schema"): CompiledSchema {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new SchemaError(`${source} is not a JSON object (a memory schema is an object with "type": "object")`);
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  if (!checkSubset(rest)) {
    const e = checkSubset.errors?.[0];
    const at = e?.instancePath === "" || e === undefined ? "its root" : e.instancePath;
    const extra = e?.keyword === "additionalProperties" ? ` ("${String(e.params.additionalProperty)}")` : "";
    const allowed =
      e?.keyword === "discriminator" ||
      e?.keyword === "const" ||
      (e?.keyword === "enum" && /\/type$/.test(e.instancePath))
        ? ": object, array, string, number or integer"
        : "";
    throw new SchemaError(`${source}: ${at} ${e?.message ?? "is not in Mull's JSON Schema subset"}${extra}${allowed}`);
  }
  try {
    const validate = new Ajv({ strict: true, allErrors: false }).compile(rest);
    return { schema: rest as MemorySchema, validate };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    // ajv's strictRequired, in words: `required` names a property the object does not define.
    const required = /required property "(.*)" is not defined at "#(.*)"/.exec(message);
    if (required)
      throw new SchemaError(
        `${source}: ${required[2] || "its root"} lists "${required[1]}" as required but has no such property`,
      );
    throw new SchemaError(`${source}: ${message}`);
  }
}

/** Parses JSON text and compiles it; the one entry point for a schema file or a pasted schema. */
export function parseMemorySchema(text: string, source = "the schema"): CompiledSchema {
  let parsed: unknown;
  const json = text.replace(/^\uFEFF/, "");
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    // The place to fix (line and column), not V8's character offset or its echo of the text.
    const { line, column, reason } = jsonSyntaxPlace(json, error);
    throw new SchemaError(`${source}: line ${line}, column ${column}: not valid JSON (${reason})`);
  }
  return compileMemorySchema(parsed, source);
}
