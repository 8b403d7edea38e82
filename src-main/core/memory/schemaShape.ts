// What a memory schema looks like and the plain functions on it, free of ajv (which compiles validators with
// `new Function`, refused by the renderer's content security policy): the renderer gets these through the contract.

/**
 * PRISM's memory schema: a typed hierarchy (Jayalath et al., PRISM, §3.1) written in a subset of JSON Schema that a
 * small model can fill and a grammar can enforce: objects (named `properties`, and/or `additionalProperties` for
 * members keyed by name), arrays (`items`), strings (optionally an `enum`), numbers and integers. Every schema and
 * every memory is checked by ajv, never by hand-written checks.
 */
export type MemorySchema =
  | {
      type: "object";
      description?: string;
      properties?: Record<string, MemorySchema>;
      additionalProperties?: boolean | MemorySchema;
      required?: string[];
    }
  | { type: "array"; description?: string; items: MemorySchema; maxItems?: number }
  | { type: "string"; description?: string; enum?: string[]; maxLength?: number }
  | { type: "number" | "integer"; description?: string; minimum?: number; maximum?: number };

/**
 * A compact rendering of the schema for the prompt, TypeScript-like: `{people:{[key]:{at:string,coins:int}}}`.
 * A reader reads it before every chunk, so it is kept short; its tokens are encoded once and then reused.
 */
export function describeSchema(schema: MemorySchema): string {
  switch (schema.type) {
    case "object": {
      const parts = Object.entries(schema.properties ?? {}).map(([k, v]) => `${k}:${describeSchema(v)}`);
      const extra = schema.additionalProperties;
      if (typeof extra === "object") parts.push(`[key]:${describeSchema(extra)}`);
      return `{${parts.join(",")}}`;
    }
    case "array":
      return `${describeSchema(schema.items)}[]`;
    case "string":
      return schema.enum ? schema.enum.map((e) => JSON.stringify(e)).join("|") : "string";
    case "integer":
      return "int";
    case "number":
      return "number";
  }
}

/** The memory before the first chunk: named object members filled in (objects, `[]`, `""`, `0`), keyed maps empty. */
export function initialMemory(schema: MemorySchema): unknown {
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = initialMemory(v);
      return out;
    }
    case "array":
      return [];
    case "string":
      return schema.enum?.[0] ?? "";
    default:
      return schema.minimum !== undefined && schema.minimum > 0 ? schema.minimum : 0;
  }
}
