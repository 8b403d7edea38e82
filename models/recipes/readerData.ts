// Step R1 of the reader recipe: writes the reader's training examples, generated from the ledger family with the
// same prompt functions the app reads with (src-main/core/memory/readerPrompts.ts), so that training and use agree.
// Usage: npx tsx models/recipes/readerData.ts [examples=60000]   (examples: outputs to learn, a read chunk each)
//        npx tsx models/recipes/readerData.ts --answers N    (N answers from memory alone, to work/reader-answers.jsonl)
// Writes models/recipes/work/reader-train.jsonl ({kind, prompt, target} per line for answers, truncated answers and
// schemas; {kind, prefix, steps: [{suffix, target, log}]} per read session) and reader-vocab.json (the
// ledger's words and the digits, for the tokenizer).
import { mkdirSync, createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, type Rng } from "../../src-main/core/domain/random.js";
import {
  ALL_FIELDS,
  emptyLedgerMemory,
  generateLedger,
  LEDGER_GOODS,
  LEDGER_ITEMS,
  LEDGER_PEOPLE,
  LEDGER_PLACES,
  revisionsFor,
  type LedgerDocument,
  type LedgerFields,
  type LedgerMemory,
} from "../../src-main/core/memory/ledger/generateLedger.js";
import { fieldChoices, ledgerSchema, ledgerTask } from "../../src-main/core/memory/ledger/ledgerSchemas.js";
import { LEDGER_TRAIN_SEED } from "../../src-main/core/memory/ledger/ledgerSplits.js";
import { compileMemorySchema, describeSchema } from "../../src-main/core/memory/memorySchema.js";
import {
  answerPrompt,
  readPrefix,
  readSuffix,
  renderLogEntry,
  renderAnswer,
  renderMemory,
  renderRevisions,
  schemaPrompt,
  truncatedPrompt,
} from "../../src-main/core/memory/readerPrompts.js";
import { applyRevisions, type Revision } from "../../src-main/core/memory/revisions.js";

const answersOnly = process.argv[2] === "--answers";
const target = Number((answersOnly ? process.argv[3] : process.argv[2]) ?? 60000);
const work = join(import.meta.dirname, "work");
mkdirSync(work, { recursive: true });
const out = createWriteStream(join(work, answersOnly ? "reader-answers.jsonl" : "reader-train.jsonl"));
// The ledger's own words and the digits, for the tokenizer to keep as pieces of their own (train_reader.py).
const symbols = [...LEDGER_PEOPLE, ...LEDGER_PLACES, ...LEDGER_GOODS, ...LEDGER_ITEMS, ..."0123456789"];
writeFileSync(join(work, "reader-vocab.json"), JSON.stringify(symbols) + "\n");
const counts: Record<string, number> = {};
const rng = createRng(20261201);
let written = 0;

/** A read session: the shared prefix and, per chunk, the chunk's prompt suffix, its revisions and its log lines. */
function emitPack(
  kind: string,
  pack: { prefix: string; steps: { suffix: string; target: string; log: string }[] },
): void {
  out.write(JSON.stringify({ kind, ...pack }) + "\n");
  counts[kind] = (counts[kind] ?? 0) + pack.steps.length;
  written += pack.steps.length;
}

function emit(kind: string, prompt: string, targetText: string): void {
  out.write(JSON.stringify({ kind, prompt, target: targetText }) + "\n");
  counts[kind] = (counts[kind] ?? 0) + 1;
  written++;
}

// Answers from memory alone, asked of the memory as it stands at a few points of each document (not only at its end):
// measured on run 8 with the generator's exact final memory of 5 dev documents, the reader named the right path for
// every question but copied the value at it for only 7 of 20 (no count at all), so the answer step needs far more
// than the 6 examples per document the read sessions give it.
if (answersOnly) {
  for (let d = 0; written < target; d++) {
    const doc = generateLedger(`answers-${d}`, LEDGER_TRAIN_SEED + 500_000 + d, { events: rng.int(40, 400) });
    const fields = rng.next() < 0.6 ? ALL_FIELDS : rng.pick(fieldChoices());
    const { validate } = compileMemorySchema(ledgerSchema(fields));
    const schemaText = describeSchema(ledgerSchema(fields));
    const stops = new Set([doc.sentences.length - 1, ...[0, 1, 2].map(() => rng.int(0, doc.sentences.length - 1))]);
    let memory: LedgerMemory = emptyLedgerMemory(fields);
    for (const [i, s] of doc.sentences.entries()) {
      memory = applyRevisions(memory, revisionsFor(s.revisions, fields), validate).memory as LedgerMemory;
      if (!stops.has(i)) continue;
      const text = renderMemory(memory);
      const qs = askable(i === doc.sentences.length - 1 ? doc : { ...doc, questions: [] }, memory, fields, rng);
      // Shuffled, so that counts, places, meetings and items are asked about alike.
      for (let k = qs.length - 1; k > 0; k--) {
        const j = rng.int(0, k);
        [qs[k], qs[j]] = [qs[j]!, qs[k]!];
      }
      for (const q of qs.slice(0, 6))
        emit("answer", answerPrompt(schemaText, text, q.question), renderAnswer(q.answer, [q.path]));
    }
  }
} else
  for (let d = 0; written < target; d++) {
    const doc = generateLedger(`train-${d}`, LEDGER_TRAIN_SEED + d, { events: rng.int(60, 260) });
    const fields = rng.next() < 0.6 ? ALL_FIELDS : rng.pick(fieldChoices());
    // Rewrite sessions are one chunk each (no prefix shared between chunks), so a quarter of the documents suffice.
    readExamples(doc, fields, rng, d % 4 === 3 ? "rewrite" : "amend");
    if (rng.next() < 0.25) emit("schema", schemaPrompt(ledgerTask(fields, rng)), JSON.stringify(ledgerSchema(fields)));
  }
out.end();
console.log(`wrote ${written} examples`, counts);

function readExamples(doc: LedgerDocument, fields: LedgerFields, rng: Rng, mode: "amend" | "rewrite"): void {
  const { validate } = compileMemorySchema(ledgerSchema(fields));
  const schemaText = describeSchema(ledgerSchema(fields));
  // Characters per chunk, spread over the sizes the app reads with (about 2.9 characters per reader token: 32-token
  // chunks are ~90 characters, 64-token ones ~190). A fifth of the documents are read one sentence at a time: there
  // the revisions depend on the last few tokens of the prompt alone, which teaches a small model to copy names and
  // values from the text into paths (without them, a 2.2M reader trained for 30 minutes wrote plausible revisions
  // that ignored the text: its loss on names stayed at chance).
  const roll = rng.next();
  const budget = roll < 0.2 ? 1 : roll < 0.5 ? rng.int(60, 110) : roll < 0.9 ? rng.int(110, 200) : rng.int(200, 380);
  // A session is one rendering of the memory and the chunks read after it (amend: the log grows until the prompt
  // would leave no room for the revisions, as readDocument does; rewrite: one chunk per rendering). Each session is
  // written as one "pack" (prefix, then per chunk its text, its revisions and the log lines they add) that
  // train_reader.py lays out with a tree attention mask: the prefix is computed once for every chunk after it,
  // exactly as the reader's KV cache reuses it at inference.
  const limit = () => Math.round(rng.int(420, 640) * 2.93);
  let memory: LedgerMemory = emptyLedgerMemory(fields);
  let session: { prefix: string; steps: { suffix: string; target: string; log: string }[] } | undefined;
  let used = 0;
  let sessionLimit = limit();
  const flush = () => {
    if (session && session.steps.length > 0) emitPack(`read-${mode}`, session);
    session = undefined;
  };
  for (let i = 0; i < doc.sentences.length;) {
    let chunk = "";
    const revisions: Revision[] = [];
    while (i < doc.sentences.length && (chunk === "" || chunk.length + (doc.sentences[i]?.text.length ?? 0) < budget)) {
      const s = doc.sentences[i++]!;
      chunk = chunk === "" ? s.text : `${chunk} ${s.text}`;
      revisions.push(...revisionsFor(s.revisions, fields));
    }
    const suffix = readSuffix(chunk);
    if (session && (mode === "rewrite" || used + suffix.length > sessionLimit)) flush();
    if (!session) {
      session = { prefix: readPrefix(schemaText, renderMemory(memory), []), steps: [] };
      used = session.prefix.length;
      sessionLimit = limit();
    }
    const logText = revisions.map((r) => `log: ${renderLogEntry(r)}\n`).join("");
    session.steps.push({ suffix, target: renderRevisions(revisions), log: logText });
    used += logText.length;
    const applied = applyRevisions(memory, revisions, validate);
    const rejected = applied.results.find((r) => !r.applied);
    if (rejected) throw new Error(`${doc.id}: the generator's own revision was rejected: ${JSON.stringify(rejected)}`);
    memory = applied.memory as LedgerMemory;
  }
  flush();
  // Questions answered from the final memory: the document's own and others drawn from its fields.
  const final = renderMemory(memory);
  for (const q of askable(doc, memory, fields, rng).slice(0, 6))
    emit("answer", answerPrompt(schemaText, final, q.question), renderAnswer(q.answer, [q.path]));
  // The truncation baseline's format: the question and the document's tail, answered from the text alone.
  for (const q of askable(doc, memory, fields, rng).slice(0, 3)) {
    const tail = doc.text.slice(-rng.int(400, 1500));
    emit("truncated", truncatedPrompt(q.question, tail.slice(tail.indexOf(" ") + 1)), renderAnswer(q.answer, []));
  }
}

function askable(doc: LedgerDocument, memory: LedgerMemory, fields: LedgerFields, rng: Rng) {
  const qs: { question: string; answer: string; path: string }[] = [];
  const people = Object.entries(memory.people ?? {});
  for (const q of doc.questions) {
    if (
      (q.kind === "count" && fields.goods) ||
      (q.kind === "at" && fields.at) ||
      (q.kind === "met" && fields.met) ||
      (q.kind === "item" && fields.items)
    )
      qs.push(q);
  }
  for (let k = 0; k < 3 && people.length > 0; k++) {
    const [name, p] = rng.pick(people);
    if (fields.goods) {
      const g = rng.pick(LEDGER_GOODS);
      qs.push({
        question: `How many ${g} does ${name} have at the end?`,
        answer: String(p[g]),
        path: `/people/${name}/${g}`,
      });
    }
    if (fields.at) qs.push({ question: `Where is ${name} now?`, answer: String(p.at), path: `/people/${name}/at` });
    if (fields.met && p.met)
      qs.push({ question: `Who did ${name} meet last?`, answer: p.met, path: `/people/${name}/met` });
  }
  if (fields.items)
    for (const [item, where] of Object.entries(memory.items ?? {}))
      qs.push({ question: `Where is the ${item} now?`, answer: where, path: `/items/${item}` });
  return qs;
}
