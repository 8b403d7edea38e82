import { chunkText, type TextChunk } from "./chunkText.js";
import { ANSWER_GRAMMAR, revisionsGrammar } from "./grammars.js";
import { describeSchema, initialMemory, SchemaError, type CompiledSchema } from "./memorySchema.js";
import { answerPrompt, readPrefix, readSuffix, renderMemory, truncatedPrompt, type ReadMode } from "./readerPrompts.js";
import { applyRevisions, type Revision, type RevisionResult } from "./revisions.js";
import type { JsonCompletion } from "../policy/completeJson.js";

import type { StructuredModel } from "../policy/StructuredModel.js";

/**
 * Refused input: an empty document, a chunk or question that cannot fit. The message is one sentence; `field` names
 * the read setting at fault (`text`, `chunkTokens`, `question`).
 */
export class ReadInputError extends Error {
  override name = "ReadInputError";
  constructor(
    message: string,
    readonly field: "text" | "chunkTokens" | "question",
  ) {
    super(message);
  }
}

export interface ReadOptions {
  text: string;
  /** Answered from the memory after the last chunk; without one, only the memory is built. */
  question?: string | undefined;
  schema: CompiledSchema;
  mode: ReadMode;
  /** Largest chunk, in the model's tokens. */
  chunkTokens: number;
  /**
   * Tokens the reader may write per chunk. Default 4 × chunkTokens, at most a third of the context: the embedded
   * reader writes about two tokens of revisions per token of a ledger chunk (99th percentile under 4×).
   */
  maxRevisionTokens?: number;
  /** Also answer from the document's end alone (or the whole document where it fits), on the same model. */
  baseline?: "truncate" | undefined;
  signal?: AbortSignal | undefined;
  /** Called once a chunk is read, with its report and the memory after it. */
  onChunk?: ((chunk: ChunkReport, memory: unknown, total: number) => void) | undefined;
}

/** One chunk as it was read: where it lies, the revisions proposed (applied or rejected) and what it cost. */
export interface ChunkReport {
  index: number;
  /** UTF-16 offsets of the chunk in the document. */
  start: number;
  end: number;
  /** The chunk's length in tokens. */
  tokens: number;
  revisions: RevisionResult[];
  /** Prompt tokens evaluated for this chunk (not in the KV cache). */
  encodedTokens: number;
  /** Prompt tokens found in the KV cache and kept. */
  reusedTokens: number;
  generatedTokens: number;
  ms: number;
  /** `amend` only: the memory was rendered again before this chunk (the log no longer fitted), log emptied. */
  rerendered: boolean;
  /** Why no revisions could be read from the output, if so (the output was cut off at the token limit). */
  error?: string;
}

export interface ReadAnswer {
  answer: string;
  /** Memory paths the reader says it read the answer from, with the value each holds (undefined: no such path). */
  paths: { path: string; value: unknown }[];
  encodedTokens: number;
  generatedTokens: number;
  ms: number;
}

export interface BaselineAnswer {
  /** `truncate`: the question and as much of the document's end as fits. `full`: the whole document fitted. */
  kind: "truncate" | "full";
  answer: string;
  encodedTokens: number;
  /** Characters of the document that were in context. */
  chars: number;
}

export interface ReadResult {
  memory: unknown;
  chunks: ChunkReport[];
  /** Chunks the document was split into (more than `chunks.length` when the read stopped early). */
  totalChunks: number;
  answer?: ReadAnswer;
  baseline?: BaselineAnswer;
  spent: { encodedTokens: number; reusedTokens: number; generatedTokens: number; ms: number };
  /**
   * `done`; `cancelled` (the memory is what was read so far); `memory-full` (the memory outgrew the context);
   * `running` in what a read saves after each chunk while it goes on (a read that crashed reopens so).
   */
  stoppedBy: "done" | "cancelled" | "memory-full" | "running";
  /** Why the read stopped early, in a sentence. */
  reason?: string;
}

const ANSWER_TOKENS = 64;

/**
 * Reads a long document with a short context as PRISM does (Jayalath et al., 2024, §3): the document is split into
 * chunks; for each, the model sees instructions, the schema, the memory and the chunk, and writes revisions (under a
 * grammar, so the output always parses) that are checked and applied one by one; after the last chunk the question
 * is answered from the memory alone.
 *
 * `rewrite` renders the memory again before every chunk. `amend` renders it once and appends each chunk's applied
 * revisions after it as a log (PRISM's amendments, §3.3), so the prompt's prefix only grows and its KV state is kept;
 * when the log no longer leaves room for a chunk, the memory is rendered again and the log starts over.
 *
 * @throws ReadInputError for an empty document, a chunk size or question that cannot fit the context.
 */
export async function readDocument(model: StructuredModel, options: ReadOptions): Promise<ReadResult> {
  const { schema, mode, signal } = options;
  const maxOut = options.maxRevisionTokens ?? revisionReserve(options.chunkTokens, model.contextSize);
  if (options.text.trim() === "") throw new ReadInputError("the document is empty: there is nothing to read", "text");
  const schemaText = describeSchema(schema.schema);
  const start = initialMemory(schema.schema);
  if (!schema.validate(start))
    throw new SchemaError(
      `the schema's empty memory does not validate (${schema.validate.errors?.[0]?.message ?? ""}): give the ` +
        `required properties a kind that can start empty`,
    );
  const fits = async (prompt: string, room: number): Promise<boolean> =>
    (await model.promptLength(prompt)) + room <= model.contextSize;
  if (
    options.question !== undefined &&
    !(await fits(answerPrompt(schemaText, renderMemory(start), options.question), ANSWER_TOKENS))
  ) {
    const [n] = await model.countTokens([options.question]);
    throw new ReadInputError(
      `the question is ${n} tokens: with the schema and memory it does not fit the reader's ${model.contextSize}-token context`,
      "question",
    );
  }
  const base = await model.promptLength(readPrefix(schemaText, renderMemory(start), []) + readSuffix(""));
  const room = model.contextSize - base - maxOut;
  if (options.chunkTokens > room)
    throw new ReadInputError(
      `a chunk of ${options.chunkTokens} tokens does not fit: with this schema, the ${model.contextSize}-token context and ` +
        `${maxOut} tokens for revisions, a chunk can be at most ${Math.max(0, room)} tokens`,
      "chunkTokens",
    );

  const chunks = await chunkText(options.text, options.chunkTokens, (texts) => model.countTokens(texts));
  const grammar = revisionsGrammar(schema.schema);
  const reports: ChunkReport[] = [];
  let memory = start;
  let rendered = renderMemory(memory);
  let log: Revision[] = [];
  let stoppedBy: ReadResult["stoppedBy"] = "done";
  let reason: string | undefined;

  for (const chunk of chunks) {
    if (signal?.aborted) {
      stoppedBy = "cancelled";
      reason = `cancelled after ${reports.length} of ${chunks.length} chunks`;
      break;
    }
    let rerendered = false;
    // Each prompt is measured once: amend keeps its log while the prompt leaves room for the revisions, else (and
    // always in rewrite) the memory is rendered afresh and the prompt measured again.
    let prompt = readPrefix(schemaText, rendered, log) + readSuffix(chunk.text);
    let length = mode === "amend" ? await model.promptLength(prompt) : Infinity;
    if (length + maxOut > model.contextSize) {
      const current = renderMemory(memory);
      if (mode === "amend") rerendered = log.length > 0 || rendered !== current;
      rendered = current;
      log = [];
      prompt = readPrefix(schemaText, rendered, log) + readSuffix(chunk.text);
      length = await model.promptLength(prompt);
    }
    if (length + Math.min(maxOut, 32) > model.contextSize) {
      stoppedBy = "memory-full";
      const [memoryTokens] = await model.countTokens([rendered]);
      reason =
        `the memory has grown to ${memoryTokens} tokens: with the schema and chunk ${chunk.index + 1} it no longer ` +
        `fits the reader's ${model.contextSize}-token context (a smaller --chunk-tokens or a leaner schema leaves more room)`;
      break;
    }
    const out = await model.completeJson(prompt, grammar, maxOut, signal);
    if (out.finishReason === "aborted") {
      stoppedBy = "cancelled";
      reason = `cancelled during chunk ${chunk.index + 1} of ${chunks.length}; its revisions were not applied`;
      break;
    }
    const report = chunkReport(chunk, out, rerendered);
    const proposed = parseRevisions(out, report);
    const applied = applyRevisions(memory, proposed, schema.validate);
    memory = applied.memory;
    report.revisions = applied.results;
    log.push(...applied.results.filter((r) => r.applied).map(({ op, path, value }) => ({ op, path, value })));
    reports.push(report);
    options.onChunk?.(report, memory, chunks.length);
  }

  const result: ReadResult = {
    memory,
    chunks: reports,
    totalChunks: chunks.length,
    spent: totalSpent(reports),
    stoppedBy,
    ...(reason !== undefined && { reason }),
  };
  if (options.question !== undefined && stoppedBy !== "cancelled")
    result.answer = await answerFromMemory(model, schema, memory, options.question, signal);
  if (options.baseline === "truncate" && options.question !== undefined && !signal?.aborted)
    result.baseline = await truncationBaseline(model, options.text, options.question, signal);
  return result;
}

/**
 * Answers a question from the memory alone (the document is no longer in context), under the answer grammar; the
 * paths the model names are looked up in the memory. Used after a read, and per question by the evaluation.
 */
export async function answerFromMemory(
  model: StructuredModel,
  schema: CompiledSchema,
  memory: unknown,
  question: string,
  signal?: AbortSignal,
): Promise<ReadAnswer> {
  const prompt = answerPrompt(describeSchema(schema.schema), renderMemory(memory), question);
  const out = await model.completeJson(prompt, ANSWER_GRAMMAR, ANSWER_TOKENS, signal);
  const parsed = parseAnswer(out.text);
  return {
    answer: parsed.answer,
    paths: parsed.paths.map((path) => ({ path, value: valueAt(memory, path) })),
    encodedTokens: out.encodedTokens,
    generatedTokens: out.generatedTokens,
    ms: out.ms,
  };
}

/**
 * The truncation baseline (PRISM §4): the question and the longest end of the document, cut at a sentence start,
 * that fits the same context; `full` when the whole document fits.
 */
export async function truncationBaseline(
  model: StructuredModel,
  text: string,
  question: string,
  signal?: AbortSignal,
): Promise<BaselineAnswer> {
  const fits = async (tail: string): Promise<boolean> =>
    (await model.promptLength(truncatedPrompt(question, tail))) + ANSWER_TOKENS <= model.contextSize;
  let kind: BaselineAnswer["kind"] = "full";
  let tail = text.trim();
  if (!(await fits(tail))) {
    kind = "truncate";
    // Sentence starts (after ., ! or ?, closing quotes or brackets, and space; or a line break); binary search for
    // the earliest whose tail still fits. When not even the last sentence fits, the same over word starts.
    const sentenceStarts = [...text.matchAll(/(?:^|[.!?]+["')\]]*\s+|\n)(?=\S)/g)].map(
      (m) => (m.index ?? 0) + m[0].length,
    );
    let best = await earliestFitting(sentenceStarts, text, fits);
    if (best === undefined) {
      const wordStarts = [...text.matchAll(/(?:^|\s)(?=\S)/g)].map((m) => (m.index ?? 0) + m[0].length);
      best = (await earliestFitting(wordStarts, text, fits)) ?? text.length;
    }
    tail = text.slice(best).trim();
  }
  const out = await model.completeJson(truncatedPrompt(question, tail), ANSWER_GRAMMAR, ANSWER_TOKENS, signal);
  return { kind, answer: parseAnswer(out.text).answer, encodedTokens: out.encodedTokens, chars: tail.length };
}

/** The earliest of `starts` (ascending offsets) whose tail of `text` fits, by binary search; undefined if none. */
async function earliestFitting(
  starts: readonly number[],
  text: string,
  fits: (tail: string) => Promise<boolean>,
): Promise<number | undefined> {
  let lo = 0;
  let hi = starts.length - 1;
  let best: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = starts[mid] as number;
    if (await fits(text.slice(at).trim())) {
      best = at;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return best;
}

function chunkReport(chunk: TextChunk, out: JsonCompletion, rerendered: boolean): ChunkReport {
  return {
    index: chunk.index,
    start: chunk.start,
    end: chunk.end,
    tokens: chunk.tokens,
    revisions: [],
    encodedTokens: out.encodedTokens,
    reusedTokens: out.reusedTokens,
    generatedTokens: out.generatedTokens,
    ms: out.ms,
    rerendered,
  };
}

function parseRevisions(out: JsonCompletion, report: ChunkReport): Revision[] {
  try {
    const parsed = JSON.parse(out.text) as { revisions?: Revision[] };
    return Array.isArray(parsed.revisions) ? parsed.revisions : [];
  } catch {
    report.error =
      out.finishReason === "length"
        ? `the revisions were cut off at ${out.generatedTokens} tokens, so none were applied`
        : `the output is not JSON, so no revisions were applied`;
    return [];
  }
}

function parseAnswer(text: string): { answer: string; paths: string[] } {
  try {
    const parsed = JSON.parse(text) as { answer?: unknown; paths?: unknown };
    const paths = Array.isArray(parsed.paths) ? parsed.paths.filter((p): p is string => typeof p === "string") : [];
    return { answer: typeof parsed.answer === "string" ? parsed.answer : "", paths };
  } catch {
    return { answer: "", paths: [] };
  }
}

/** The value at a JSON Pointer, or undefined where there is none; never follows a prototype. */
export function valueAt(memory: unknown, path: string): unknown {
  if (!path.startsWith("/")) return undefined;
  let node: unknown = memory;
  for (const raw of path.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The memory as it was after chunk `index` (-1: before the first), replayed from the initial memory through the
 * applied revisions: how the Memory view steps back and forth without storing a copy per chunk.
 */
export function memoryAfter(schema: CompiledSchema, chunks: readonly ChunkReport[], index: number): unknown {
  let memory = initialMemory(schema.schema);
  for (const chunk of chunks.slice(0, index + 1)) {
    const applied = chunk.revisions.filter((r) => r.applied).map(({ op, path, value }) => ({ op, path, value }));
    memory = applyRevisions(memory, applied, schema.validate).memory;
  }
  return memory;
}

/** Tokens and time summed over chunk reports. */
export function totalSpent(chunks: readonly ChunkReport[]): ReadResult["spent"] {
  const total = { encodedTokens: 0, reusedTokens: 0, generatedTokens: 0, ms: 0 };
  for (const c of chunks) {
    total.encodedTokens += c.encodedTokens;
    total.reusedTokens += c.reusedTokens;
    total.generatedTokens += c.generatedTokens;
    total.ms += c.ms;
  }
  return total;
}

/**
 * Tokens kept free for a chunk's revisions when none is given (`maxRevisionTokens`): four per chunk token (the
 * ledger's revisions take up to ~2.9 per text token), at most a third of the context so that memory and log fit.
 */
export function revisionReserve(chunkTokens: number, contextSize: number): number {
  return Math.min(4 * chunkTokens, Math.floor(contextSize / 3));
}
