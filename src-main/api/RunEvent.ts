import { z } from "zod";
import type { SweepSummary } from "../core/experiments/summarizeSweep.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import type { RunItem, RunStatus } from "../core/store/RunRecord.js";
import type { TreeEvent } from "../core/tree/TreeEvent.js";
import type { ChunkReport } from "../core/memory/readDocument.js";
import type { MemorySchema } from "../core/memory/memorySchema.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import type { ChatChunk, ChatTurnResult } from "../core/chat/ChatTurn.js";
import type { SavedProve } from "../core/logic/SavedProve.js";
import { annotationViewSchema } from "./annotation.js";

/**
 * What a run streams to the view that started it (a MessagePort in Electron, a WebSocket in browser mode), in
 * order. `column` is the index of the search within the run: always 0 for a solve, one per policy for a compare.
 * Payloads come from core as plain JSON; the schema checks the envelope, core's own types describe the rest.
 */
export const runEventSchema = z.discriminatedUnion("type", [
  /** A tree event of one search, as core emitted it. */
  z.object({ type: z.literal("tree"), column: z.number().int(), event: z.custom<TreeEvent>((v) => isObject(v)) }),
  /**
   * A model of a search is loading (a cold start): `progress` is how far (core's LoadProgress: the stage, and the
   * share of the whole load done, 0 to 1); the stage `ready` ends it. `model` is the model's name.
   */
  z.object({
    type: z.literal("loading"),
    column: z.number().int(),
    model: z.string(),
    progress: z.object({
      stage: z.enum(["starting", "bindings", "weights", "context", "ready"]),
      fraction: z.number().min(0).max(1),
    }),
  }),
  /** A search's first tree node, `ms` after its column started (model loading included): what a person waits. */
  z.object({ type: z.literal("first-node"), column: z.number().int(), ms: z.number().nonnegative() }),
  /** One search finished; `tokensPerSecond` is its generated tokens over its wall time. */
  z.object({
    type: z.literal("result"),
    column: z.number().int(),
    result: z.custom<SearchResult>((v) => isObject(v)),
    tokensPerSecond: z.number(),
  }),
  /** A sweep completed one item of `total`. */
  z.object({
    type: z.literal("sweep-item"),
    done: z.number().int(),
    total: z.number().int(),
    item: z.custom<RunItem>((v) => isObject(v)),
  }),
  /** A sweep's summary so far (sent after each item, so a plot can grow as the sweep goes). */
  z.object({ type: z.literal("sweep-summary"), summary: z.custom<SweepSummary>((v) => isObject(v)) }),
  /** A read finished a chunk: what it cost and its revisions, applied or rejected with the reason. */
  z.object({
    type: z.literal("chunk-read"),
    chunk: z.custom<ChunkReport>((v) => isObject(v)),
    /** Chunks the document was split into. */
    total: z.number().int(),
  }),
  /** The memory after chunk `index`'s revisions. */
  z.object({ type: z.literal("memory-revised"), index: z.number().int(), memory: z.unknown() }),
  /** The schema the model proposed for the read's task description, checked. */
  z.object({ type: z.literal("schema-proposed"), schema: z.custom<MemorySchema>((v) => isObject(v)) }),
  /** A read ended (done, cancelled or memory-full): the memory, every chunk, the answer and the baseline's. */
  z.object({ type: z.literal("read-result"), result: z.custom<SavedRead>((v) => isObject(v)) }),
  /** A chat turn wrote more reasoning or answer text. */
  z.object({ type: z.literal("chat-chunk"), chunk: z.custom<ChatChunk>((v) => isObject(v)) }),
  /** A chat turn ended (done or stopped): its texts and measurements, as saved in the conversation. */
  z.object({
    type: z.literal("chat-turn"),
    conversationId: z.number().int(),
    turn: z.number().int(),
    result: z.custom<Omit<ChatTurnResult, "tokenIds">>((v) => isObject(v)),
  }),
  /**
   * A prove run's model wrote a program (attempt 0, then each retry): its text (JSON; cut short when `finishReason`
   * is `length`), and the checker's or solver's errors as lines ("/rules/3/body: …"), empty for the accepted one.
   */
  z.object({
    type: z.literal("prove-attempt"),
    attempt: z.number().int().nonnegative(),
    text: z.string(),
    errors: z.array(z.string()),
    finishReason: z.enum(["eos", "length", "aborted"]),
    generatedTokens: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
  /** A prove run ended (done or cancelled): the verdict, program, first-order logic and every attempt, as saved. */
  z.object({ type: z.literal("prove-result"), result: z.custom<SavedProve>((v) => isObject(v)) }),
  /**
   * An annotation (startAnnotate) is at step `step` (1-based) of `steps` of solution `solution` (1-based) of
   * `solutions` of item `key`, having drawn `rollouts` completions so far in all.
   */
  z.object({
    type: z.literal("annotate-progress"),
    key: z.string(),
    solution: z.number().int().positive(),
    solutions: z.number().int().positive(),
    step: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    rollouts: z.number().int().nonnegative(),
  }),
  /** An annotation finished and was saved with the run: its solutions' labels, and the tree node of each step. */
  z.object({ type: z.literal("annotate-result"), annotation: annotationViewSchema }),
  /** Something went wrong: one sentence for a person, and the request field at fault when there is one. */
  z.object({
    type: z.literal("error"),
    column: z.number().int().optional(),
    message: z.string(),
    field: z.string().optional(),
  }),
  /** Something the run goes on despite, for a person to know (a reference answer the checker cannot read). */
  z.object({ type: z.literal("warning"), message: z.string() }),
  /** The run ended; no event follows. */
  z.object({ type: z.literal("finished"), status: z.custom<RunStatus>((v) => typeof v === "string") }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null;
}
