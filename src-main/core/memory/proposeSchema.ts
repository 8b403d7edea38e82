import type { StructuredModel } from "../policy/StructuredModel.js";
import { SCHEMA_GRAMMAR } from "./grammars.js";
import { compileMemorySchema, SchemaError, type CompiledSchema } from "./memorySchema.js";
import { schemaPrompt } from "./readerPrompts.js";

/**
 * A memory schema proposed by the model for a task description (PRISM §5.4: generated schemas perform comparably to
 * hand-written ones). The output is constrained by a grammar of Mull's JSON-Schema subset, then checked and compiled
 * by ajv like any schema.
 *
 * @throws SchemaError naming the task's schema and what is wrong, when the proposal is cut off or not valid.
 */
export async function proposeSchema(
  model: StructuredModel,
  task: string,
  signal?: AbortSignal,
): Promise<CompiledSchema & { tokens: number }> {
  if (task.trim() === "") throw new SchemaError("the task description is empty");
  const out = await model.completeJson(schemaPrompt(task.trim()), SCHEMA_GRAMMAR, 512, signal);
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.text);
  } catch {
    throw new SchemaError(`the schema the model proposed for the task was cut off after ${out.generatedTokens} tokens`);
  }
  return { ...compileMemorySchema(parsed, "the schema the model proposed for the task"), tokens: out.generatedTokens };
}
