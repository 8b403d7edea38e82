import type { ChunkReport } from "../../../../src-main/api/wireTypes.js";

/** How the timeline colours a chunk: read cleanly, read with rejected revisions (or unreadable output), not yet read. */
export type ChunkState = "read" | "rejected" | "unread";

export function chunkState(chunk: ChunkReport | undefined): ChunkState {
  if (!chunk) return "unread";
  return chunk.error !== undefined || chunk.revisions.some((r) => !r.applied) ? "rejected" : "read";
}
