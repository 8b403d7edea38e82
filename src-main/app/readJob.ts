import type { RunEvent } from "../api/RunEvent.js";
import type { ReaderEngines } from "../core/engine/Engines.js";
import { ledgerSchema } from "../core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema, type CompiledSchema } from "../core/memory/memorySchema.js";
import { proposeSchema } from "../core/memory/proposeSchema.js";
import { readDocument, totalSpent, type ReadResult } from "../core/memory/readDocument.js";
import type { ReadConfig, SavedRead } from "../core/memory/SavedRead.js";

export type { ReadConfig } from "../core/memory/SavedRead.js";
import type { RunStatus } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";

export interface ReadJobContext {
  store: RunStore;
  engines: ReaderEngines;
  signal: AbortSignal;
  emit?: ((event: RunEvent) => void) | undefined;
}

/**
 * The one job behind `mull read FILE` and the app's Memory view: creates the run, opens the reader, settles the
 * schema (given, proposed for a task, or the embedded ledger's), reads chunk by chunk (PRISM, core/memory), and
 * saves the memory after every chunk, so a cancelled or crashed read keeps what it read. Emits `chunk-read` and
 * `memory-revised` per chunk and `read-result` at the end.
 *
 * @throws SchemaError before the run is created, for a given schema that is not valid.
 */
export function startReadJob(
  ctx: ReadJobContext,
  config: ReadConfig,
): {
  runId: number;
  schema: CompiledSchema | undefined;
  done: Promise<{ status: RunStatus; result: SavedRead | undefined }>;
} {
  const given = config.schema ? compileMemorySchema(config.schema, "the schema") : undefined;
  const runId = ctx.store.createRun({ kind: "read", config });
  const emit = ctx.emit ?? (() => {});
  const done = (async () => {
    try {
      return await read();
    } catch (e) {
      ctx.store.finishRun(runId, "failed", (e as Error).message.split("\n")[0] ?? String(e));
      throw e;
    }
  })();
  return { runId, schema: given, done };

  async function read(): Promise<{ status: RunStatus; result: SavedRead }> {
    const reader = await ctx.engines.openReader(config.reader);
    try {
      let schema = given;
      let schemaSource: SavedRead["schemaSource"] = "given";
      if (!schema && config.task) {
        schema = await proposeSchema(reader, config.task, ctx.signal);
        schemaSource = "task";
        emit({ type: "schema-proposed", schema: schema.schema });
      }
      if (!schema) {
        schema = compileMemorySchema(ledgerSchema(), "the ledger schema");
        schemaSource = "ledger";
      }
      const compiled = schema;
      const chunks: ReadResult["chunks"] = [];
      const result = await readDocument(reader, {
        text: config.text,
        question: config.question,
        schema: compiled,
        mode: config.mode,
        chunkTokens: config.chunkTokens,
        baseline: config.baseline,
        signal: ctx.signal,
        onChunk: (chunk, memory, total) => {
          chunks.push(chunk);
          const partial = { memory, chunks, totalChunks: total, stoppedBy: "running", spent: totalSpent(chunks) };
          ctx.store.setMetric(runId, "read", { ...partial, schema: compiled.schema, schemaSource });
          emit({ type: "chunk-read", chunk, total });
          emit({ type: "memory-revised", index: chunk.index, memory });
        },
      });
      const saved: SavedRead = { ...result, schema: compiled.schema, schemaSource };
      ctx.store.setMetric(runId, "read", saved);
      emit({ type: "read-result", result: saved });
      const status: RunStatus = result.stoppedBy === "cancelled" ? "cancelled" : "done";
      ctx.store.finishRun(runId, status, result.stoppedBy === "memory-full" ? (result.reason ?? null) : null);
      return { status, result: saved };
    } finally {
      await reader.dispose();
    }
  }
}
