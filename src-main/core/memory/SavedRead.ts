import type { MemorySchema } from "./memorySchema.js";
import type { ReadResult } from "./readDocument.js";

/** What a read run saves as it goes (the store's metric `read`) and ends with: the read so far and the schema used. */
export interface SavedRead extends ReadResult {
  schema: MemorySchema;
  /** Where the schema came from: given (a file or the editor), proposed by the model for a task, or the ledger's. */
  schemaSource: "given" | "task" | "ledger";
}
