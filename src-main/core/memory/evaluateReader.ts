import { readTextFile } from "../files/readTextFile.js";
import type { StructuredModel } from "../policy/StructuredModel.js";
import type { LedgerQuestion } from "./ledger/generateLedger.js";
import type { CompiledSchema } from "./memorySchema.js";
import { answerFromMemory, readDocument, truncationBaseline, valueAt } from "./readDocument.js";
import type { ReadMode } from "./readerPrompts.js";

/** A long document with its questions, as models/data/ledger-*.jsonl holds them. */
export interface LedgerItem {
  id: string;
  text: string;
  questions: LedgerQuestion[];
}

/** Reads a ledger split file; a bad line is an Error naming the file and line. */
export function loadLedgerSet(file: string): LedgerItem[] {
  const items: LedgerItem[] = [];
  for (const [i, line] of readTextFile(file).split("\n").entries()) {
    if (line.trim() === "") continue;
    let item: LedgerItem;
    try {
      item = JSON.parse(line) as LedgerItem;
    } catch (e) {
      throw new Error(`${file}, line ${i + 1}: not valid JSON (${(e as Error).message})`);
    }
    if (
      typeof item !== "object" ||
      item === null ||
      typeof item.id !== "string" ||
      typeof item.text !== "string" ||
      !Array.isArray(item.questions)
    )
      throw new Error(`${file}, line ${i + 1}: a ledger item needs id, text and questions`);
    items.push(item);
  }
  return items;
}

/** One question of one document, answered from one mode's memory, and by the truncation baseline. */
export interface ReaderEvalItem {
  document: string;
  mode: ReadMode;
  kind: LedgerQuestion["kind"];
  question: string;
  reference: string;
  answer: string;
  correct: boolean;
  /** Whether the memory held the right value at the question's path (the memory's accuracy, whatever the answer). */
  memoryCorrect: boolean;
  baselineAnswer: string;
  baselineCorrect: boolean;
}

/** Totals of one reading mode over the documents. */
export interface ModeTotals {
  accuracy: number;
  memoryAccuracy: number;
  correct: number;
  questions: number;
  /** Prompt tokens evaluated while reading (all chunks, all documents), and per document. */
  encodedTokens: number;
  encodedPerDocument: number;
  reusedTokens: number;
  generatedTokens: number;
  revisions: number;
  rejected: number;
  /** Documents whose read stopped before the end (memory-full). */
  incomplete: number;
  /** Chunks whose revisions were cut off at the token limit (none of that chunk's revisions applied). */
  cutOff: number;
  seconds: number;
}

export interface ReaderEvaluation {
  documents: number;
  chunkTokens: number;
  contextSize: number;
  modes: Partial<Record<ReadMode, ModeTotals>>;
  baseline: {
    accuracy: number;
    correct: number;
    questions: number;
    encodedTokens: number;
    kinds: Record<string, number>;
  };
  /** Accuracy per question kind and mode, and for the baseline. */
  byKind: Record<string, Record<string, number>>;
  items: ReaderEvalItem[];
}

/** The answer checker of the ledger task: the same text, ignoring case, surrounding space and a final full stop. */
export function sameAnswer(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\.$/, "").trim().toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Evaluates a reader on ledger documents: each document is read once per mode, every question is answered from that
 * memory, and once by the truncation baseline on the same model and context. Figures are over questions; token
 * counts are the reads' own meters (readDocument's chunk reports).
 */
export async function evaluateReader(
  model: StructuredModel,
  items: readonly LedgerItem[],
  options: {
    schema: CompiledSchema;
    modes: readonly ReadMode[];
    chunkTokens: number;
    signal?: AbortSignal;
    onDocument?: (done: number, total: number, label: string) => void;
  },
): Promise<ReaderEvaluation> {
  const results: ReaderEvalItem[] = [];
  const modes: Partial<Record<ReadMode, ModeTotals>> = {};
  const baseline = { correct: 0, questions: 0, encodedTokens: 0, kinds: {} as Record<string, number> };
  const total = items.length * options.modes.length;
  let done = 0;
  for (const item of items) {
    const baselineAnswers = [];
    for (const q of item.questions) {
      const b = await truncationBaseline(model, item.text, q.question, options.signal);
      baselineAnswers.push(b);
      baseline.questions++;
      baseline.encodedTokens += b.encodedTokens;
      baseline.kinds[b.kind] = (baseline.kinds[b.kind] ?? 0) + 1;
      if (sameAnswer(b.answer, q.answer)) baseline.correct++;
    }
    for (const mode of options.modes) {
      if (options.signal?.aborted) break;
      const started = performance.now();
      const read = await readDocument(model, {
        text: item.text,
        schema: options.schema,
        mode,
        chunkTokens: options.chunkTokens,
        signal: options.signal,
      });
      const t = (modes[mode] ??= {
        accuracy: 0,
        memoryAccuracy: 0,
        correct: 0,
        questions: 0,
        encodedTokens: 0,
        encodedPerDocument: 0,
        reusedTokens: 0,
        generatedTokens: 0,
        revisions: 0,
        rejected: 0,
        incomplete: 0,
        cutOff: 0,
        seconds: 0,
      });
      t.encodedTokens += read.spent.encodedTokens;
      t.reusedTokens += read.spent.reusedTokens;
      t.generatedTokens += read.spent.generatedTokens;
      for (const c of read.chunks) {
        t.revisions += c.revisions.length;
        t.rejected += c.revisions.filter((r) => !r.applied).length;
      }
      if (read.stoppedBy !== "done") t.incomplete++;
      t.cutOff += read.chunks.filter((c) => c.error !== undefined).length;
      for (const [i, q] of item.questions.entries()) {
        const a = await answerFromMemory(model, options.schema, read.memory, q.question, options.signal);
        const b = baselineAnswers[i];
        const stored = valueAt(read.memory, q.path);
        results.push({
          document: item.id,
          mode,
          kind: q.kind,
          question: q.question,
          reference: q.answer,
          answer: a.answer,
          correct: sameAnswer(a.answer, q.answer),
          memoryCorrect: stored !== undefined && sameAnswer(String(stored), q.answer),
          baselineAnswer: b?.answer ?? "",
          baselineCorrect: b !== undefined && sameAnswer(b.answer, q.answer),
        });
      }
      t.seconds += (performance.now() - started) / 1000;
      options.onDocument?.(++done, total, `${item.id} ${mode}`);
    }
  }
  const byKind: Record<string, Record<string, number>> = {};
  for (const [mode, t] of Object.entries(modes) as [ReadMode, ModeTotals][]) {
    const mine = results.filter((r) => r.mode === mode);
    t.questions = mine.length;
    t.correct = mine.filter((r) => r.correct).length;
    t.accuracy = t.questions === 0 ? 0 : t.correct / t.questions;
    t.memoryAccuracy = t.questions === 0 ? 0 : mine.filter((r) => r.memoryCorrect).length / t.questions;
    t.encodedPerDocument = t.encodedTokens / Math.max(1, items.length);
    for (const r of mine) {
      const k = (byKind[r.kind] ??= {});
      k[mode] = (k[mode] ?? 0) + (r.correct ? 1 : 0);
    }
  }
  // Per kind: accuracy (share) for each mode and the baseline, over the questions of that kind.
  const kinds = new Set(items.flatMap((i) => i.questions.map((q) => q.kind)));
  for (const kind of kinds) {
    const k = (byKind[kind] ??= {});
    for (const mode of Object.keys(modes)) {
      const n = results.filter((r) => r.mode === mode && r.kind === kind).length;
      k[mode] = n === 0 ? 0 : (k[mode] ?? 0) / n;
    }
    const firstMode = options.modes[0];
    const mine = results.filter((r) => r.mode === firstMode && r.kind === kind);
    k.truncate = mine.length === 0 ? 0 : mine.filter((r) => r.baselineCorrect).length / mine.length;
  }
  return {
    documents: items.length,
    chunkTokens: options.chunkTokens,
    contextSize: model.contextSize,
    modes,
    baseline: {
      ...baseline,
      accuracy: baseline.questions === 0 ? 0 : baseline.correct / baseline.questions,
    },
    byKind,
    items: results,
  };
}
