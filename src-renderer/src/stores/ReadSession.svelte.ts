import type { MethodInput, RunDetail } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import { initialMemory, type ChunkReport, type MemorySchema, type SavedRead } from "../../../src-main/api/wireTypes.js";
import { MullCallError } from "../services/MullCallError.js";
import { replayMemories } from "./replayMemories.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** What a read was asked: the document it reads and the question, shown beside its memory. */
export interface ReadSubject {
  text: string;
  source: string;
  question: string | null;
}

/** Spent tokens and time of a read, summed over its chunks (SavedRead's `spent`). */
export type ReadSpent = SavedRead["spent"];

/**
 * A read as the Memory view follows it, live from its events or reopened from the store: the chunks read so far,
 * the memory after each, the schema, the answer, and the chunk the user is looking at.
 */
export class ReadSession extends RunLifecycle {
  subject = $state.raw<ReadSubject | null>(null);
  /** The schema the read fills: the one sent, the one proposed for the task, or the saved read's. */
  schema = $state.raw<MemorySchema | null>(null);
  /** The schema the model proposed for the task description, when the read was given one. */
  proposedSchema = $state.raw<MemorySchema | null>(null);
  chunks = $state.raw<ChunkReport[]>([]);
  /** Chunks the document is split into; null until the first chunk is read. */
  total = $state<number | null>(null);
  /** `[i]`: the memory after chunk i (from `memory-revised` events, or replayed for a reopened read). */
  memories = $state.raw<unknown[]>([]);
  result = $state.raw<SavedRead | null>(null);
  /** The request field the error is about, so the form can point at it. */
  errorField = $state<string | null>(null);
  /** The chunk shown; null for none. While `following`, the latest chunk read. */
  selected = $state<number | null>(null);
  following = $state(true);
  /** Called once a run this session follows has finished (the view refreshes its list of past reads). */
  onfinished: (() => void) | null = null;

  /** Starts a read of `subject` with `request`; `schema` is what the request fills, when known before the run. */
  async start(request: MethodInput<"startRead">, subject: ReadSubject, schema: MemorySchema | null): Promise<void> {
    this.#reset(subject, schema);
    await this.begin(() => this.client.call("startRead", request));
  }

  /** Shows a saved read (`getRun`), and follows it when this server is still running it. */
  async open(detail: RunDetail): Promise<void> {
    const subject = subjectOf(detail.run.config);
    const read = detail.read;
    this.#reset(subject, read?.schema ?? null);
    if (detail.run.status === "running") {
      // What is saved so far (its `stoppedBy` is not final, so it is not the result), then the live events: this
      // server replays them from the first, and chunk events are idempotent. A run another process is running has
      // no live events here; the view keeps what was saved and says the stream ended.
      if (read) this.#showChunks(read);
      this.selected = this.chunks.length > 0 ? this.chunks.length - 1 : null;
      await this.begin(() => Promise.resolve({ runId: detail.run.id }));
      return;
    }
    this.dispose();
    this.runId = detail.run.id;
    this.status = detail.run.status;
    this.error = detail.run.status === "failed" ? detail.run.error : null;
    if (read) this.#showSaved(read);
    this.selected = this.chunks.length > 0 ? 0 : null;
    this.following = false;
  }

  /** A request the view refused before sending it: shown like the server's input errors. */
  refuse(message: string, field: string): void {
    this.status = "idle";
    this.error = message;
    this.errorField = field;
  }

  /** The memory after chunk `index`, or before the first chunk for -1 (null when unknown). */
  memoryAfter(index: number): unknown {
    if (index < 0) return this.schema ? initialMemory(this.schema) : null;
    return this.memories[index] ?? null;
  }

  /** Shows chunk `index`; following resumes when it is the latest chunk of a running read. */
  select(index: number): void {
    if (index < 0 || index >= this.chunks.length) return;
    this.selected = index;
    this.following = this.running && index === this.chunks.length - 1;
  }

  /** Moves the selection by `delta` chunks among those read. */
  step(delta: number): void {
    if (this.chunks.length === 0) return;
    this.select(Math.min(this.chunks.length - 1, Math.max(0, (this.selected ?? -1) + delta)));
  }

  /** Tokens and time spent so far: the saved total once the read ended, else the chunks' sum. */
  get spent(): ReadSpent {
    if (this.result) return this.result.spent;
    const spent = { encodedTokens: 0, reusedTokens: 0, generatedTokens: 0, ms: 0 };
    for (const c of this.chunks) {
      spent.encodedTokens += c.encodedTokens;
      spent.reusedTokens += c.reusedTokens;
      spent.generatedTokens += c.generatedTokens;
      spent.ms += c.ms;
    }
    return spent;
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
    this.subject = null; // nothing was read: the error says why, next to the form
  }

  protected onEvent(event: RunEvent): void {
    switch (event.type) {
      case "schema-proposed":
        this.proposedSchema = event.schema;
        this.schema = event.schema;
        return;
      case "chunk-read": {
        this.total = event.total;
        const chunks = [...this.chunks];
        chunks[event.chunk.index] = event.chunk;
        this.chunks = chunks;
        return;
      }
      case "memory-revised": {
        const memories = [...this.memories];
        memories[event.index] = event.memory;
        this.memories = memories;
        // Follow once the chunk's memory is here too, so the tree never shows a chunk without its memory.
        if (this.following) this.selected = event.index;
        return;
      }
      case "read-result":
        this.result = event.result;
        this.schema = event.result.schema;
        // The saved chunks are the whole truth (a subscriber that joined late has them all).
        if (event.result.chunks.length > this.chunks.length) this.#showSaved(event.result);
        return;
      case "error":
        this.error = event.message;
        this.errorField = event.field ?? null;
        return;
      case "finished":
        this.following = false;
        queueMicrotask(() => this.onfinished?.());
        return;
      default:
        return;
    }
  }

  #reset(subject: ReadSubject, schema: MemorySchema | null): void {
    this.subject = subject;
    this.schema = schema;
    this.proposedSchema = null;
    this.chunks = [];
    this.total = null;
    this.memories = [];
    this.result = null;
    this.errorField = null;
    this.selected = null;
    this.following = true;
  }

  #showSaved(read: SavedRead): void {
    this.result = read;
    this.#showChunks(read);
  }

  #showChunks(read: SavedRead): void {
    this.schema = read.schema;
    this.chunks = read.chunks;
    this.total = read.totalChunks;
    this.memories = replayMemories(read.schema, read.chunks);
  }
}

/** A read run's config (saved as the JSON it ran with) as the view needs it; unknown fields read as absent. */
function subjectOf(config: unknown): ReadSubject {
  const c = (typeof config === "object" && config !== null ? config : {}) as Record<string, unknown>;
  return {
    text: typeof c.text === "string" ? c.text : "",
    source: typeof c.source === "string" ? c.source : "unknown",
    question: typeof c.question === "string" ? c.question : null,
  };
}
