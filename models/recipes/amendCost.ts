// What amend can save at best: the tokens a perfect reader (one that writes exactly the generator's own revisions)
// would encode in each mode, with the reader's real tokenizer and the rules readDocument follows (src-main/core/memory/
// readDocument.ts): the prompt is laid out by readerPrompts.ts; amend renders the memory again when the prompt and the
// revision reserve (readDocument's revisionReserve) no longer fit the context; the engine reuses the longest common
// prefix of the new prompt and the previous prompt + output (its KV cache). It is an upper bound for any reader on
// this layout and context, not a measurement of the embedded one (that is evaluateReader.ts).
// Usage: npx tsx models/recipes/amendCost.ts [documents=5] [set=dev]
import { buildLedgerSplit } from "../../src-main/core/memory/ledger/ledgerSplits.js";
import { ALL_FIELDS, emptyLedgerMemory, revisionsFor } from "../../src-main/core/memory/ledger/generateLedger.js";
import { ledgerSchema } from "../../src-main/core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema, describeSchema } from "../../src-main/core/memory/memorySchema.js";
import { chunkText } from "../../src-main/core/memory/chunkText.js";
import {
  readPrefix,
  readSuffix,
  renderMemory,
  renderRevisions,
  type ReadMode,
} from "../../src-main/core/memory/readerPrompts.js";
import { revisionReserve } from "../../src-main/core/memory/readDocument.js";
import { applyRevisions, type Revision } from "../../src-main/core/memory/revisions.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

const documents = Number(process.argv[2] ?? 5);
const set = (process.argv[3] ?? "dev") as "dev" | "test";
const reader = await LlamaPolicy.load(EMBEDDED.reader, { sequences: 1 });
const context = reader.contextSize;
const schema = ledgerSchema(ALL_FIELDS);
const { validate } = compileMemorySchema(schema);
const schemaText = describeSchema(schema);
const docs = buildLedgerSplit(set).slice(0, documents);

function commonPrefix(a: readonly unknown[], b: readonly unknown[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

async function cost(
  mode: ReadMode,
  chunkTokens: number,
): Promise<{ encoded: number; reused: number; rerendered: number }> {
  const reserve = revisionReserve(chunkTokens, context);
  let encoded = 0;
  let reused = 0;
  let rerendered = 0;
  for (const doc of docs) {
    // Each sentence's revisions belong to the chunk that holds the sentence's end.
    const ends: { end: number; revisions: Revision[] }[] = [];
    let at = 0;
    for (const s of doc.sentences) {
      at = doc.text.indexOf(s.text, at) + s.text.length;
      ends.push({ end: at, revisions: revisionsFor(s.revisions, ALL_FIELDS) });
    }
    const chunks = await chunkText(doc.text, chunkTokens, (t) => reader.countTokens(t));
    let memory: unknown = emptyLedgerMemory(ALL_FIELDS);
    let rendered = renderMemory(memory);
    let log: Revision[] = [];
    let cache: unknown[] = [];
    let next = 0;
    for (const chunk of chunks) {
      const revisions: Revision[] = [];
      for (let e = ends[next]; e !== undefined && e.end <= chunk.end; e = ends[++next]) revisions.push(...e.revisions);
      let prompt = readPrefix(schemaText, rendered, log) + readSuffix(chunk.text);
      let tokens = reader.promptTokens(prompt);
      if (mode === "rewrite" || tokens.length + reserve > context) {
        if (mode === "amend") rerendered++;
        rendered = renderMemory(memory);
        log = [];
        prompt = readPrefix(schemaText, rendered, log) + readSuffix(chunk.text);
        tokens = reader.promptTokens(prompt);
      }
      const keep = commonPrefix(tokens, cache);
      reused += keep;
      encoded += tokens.length - keep;
      cache = reader.promptTokens(prompt + renderRevisions(revisions));
      const applied = applyRevisions(memory, revisions, validate);
      memory = applied.memory;
      log.push(...revisions);
    }
  }
  return { encoded: encoded / docs.length, reused: reused / docs.length, rerendered: rerendered / docs.length };
}

const rows: string[] = [];
for (const chunkTokens of [64, 32]) {
  const amend = await cost("amend", chunkTokens);
  const rewrite = await cost("rewrite", chunkTokens);
  const saving = 1 - amend.encoded / rewrite.encoded;
  rows.push(
    `| ${chunkTokens} | ${Math.round(amend.encoded).toLocaleString("en")} | ${Math.round(rewrite.encoded).toLocaleString("en")} | ` +
      `${(100 * saving).toFixed(1)}% | ${amend.rerendered.toFixed(1)} |`,
  );
}
await reader.dispose();
console.log(
  `A perfect reader on ${docs.length} ${set} documents, context ${context} tokens (encoded tokens per document):\n`,
);
console.log("| chunk tokens | amend | rewrite | amend encodes fewer | memory rendered again (amend) |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(r);
