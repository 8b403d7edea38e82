import fastJsonPatch, { type Operation } from "fast-json-patch";
import {
  initialMemory,
  type ChunkReport,
  type MemorySchema,
  type RevisionResult,
} from "../../../src-main/api/wireTypes.js";

/** A revision as the JSON Patch operation core applied it with (`update` is `replace`, RFC 6902 §4.3). */
function toOperation(revision: RevisionResult): Operation {
  if (revision.op === "remove") return { op: "remove", path: revision.path };
  if (revision.op === "update") return { op: "replace", path: revision.path, value: revision.value };
  return { op: "add", path: revision.path, value: revision.value };
}

/**
 * The memory after each chunk of a saved read, rebuilt by applying each chunk's applied revisions, in order, to the
 * schema's initial memory (a saved read keeps the final memory and every chunk's revisions, not each step's memory).
 * Rejected revisions never touched the memory, so they are skipped; core checked every applied one, so none should
 * fail here, and one that does is skipped rather than losing the rest.
 *
 * @returns one memory per chunk, in the chunks' order: `[i]` is the memory after `chunks[i]`.
 */
export function replayMemories(schema: MemorySchema, chunks: readonly ChunkReport[]): unknown[] {
  let memory = initialMemory(schema);
  const after: unknown[] = [];
  for (const chunk of chunks) {
    for (const revision of chunk.revisions) {
      if (!revision.applied) continue;
      try {
        // validateOperation = true, mutateDocument = false, banPrototypeModifications = true: as core applies them.
        memory = fastJsonPatch.applyOperation(memory, toOperation(revision), true, false, true).newDocument;
      } catch {
        // Not expected for a revision core applied; the memory stays as it was.
      }
    }
    after.push(memory);
  }
  return after;
}
