import type { MemorySchema } from "./memorySchema.js";
import type { ReadMode } from "./readerPrompts.js";
import type { ReadResult } from "./readDocument.js";

/** What a read run saves as it goes (the store's metric `read`) and ends with: the read so far and the schema used. */
export interface SavedRead extends ReadResult {
  schema: MemorySchema;
  /** Where the schema came from: given (a file or the editor), proposed by the model for a task, or the ledger's. */
  schemaSource: "given" | "task" | "ledger";
}

/** A read as it is started and saved: everything needed to repeat it. */
export interface ReadConfig {
  /** Where the document came from: a file path, `pasted`, or an embedded document's id. */
  source: string;
  text: string;
  question?: string | undefined;
  /** The memory schema (checked before the run starts), or undefined with `task`, or neither: the ledger's. */
  schema?: MemorySchema | undefined;
  /** A task description the model proposes a schema for (PRISM §5.4). */
  task?: string | undefined;
  mode: ReadMode;
  chunkTokens: number;
  baseline?: "truncate" | undefined;
  /** The reader's profile path, and its display name. */
  reader: string;
  readerName: string;
}
