// Reader recipe, last step: measure the embedded reader through the app's own path (node-llama-cpp with its JSON-schema
// grammars, core/memory's readDocument) on models/data/ledger-<set>.jsonl, against the truncation baseline on the same
// model and context, and write models/mull-reader.card.json and the figures section of models/mull-reader.md.
// Usage: npx tsx models/recipes/evaluateReader.ts [set=test] [limit]
// Three evaluations: amend and rewrite at the default chunk size (64 tokens), and amend at half of it (32).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { join } from "node:path";
import {
  evaluateReader,
  loadLedgerSet,
  type ModeTotals,
  type ReaderEvaluation,
} from "../../src-main/core/memory/evaluateReader.js";
import { ledgerSchema } from "../../src-main/core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema } from "../../src-main/core/memory/memorySchema.js";
import { EMBEDDED, LEDGER_SETS, MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

const set = (process.argv[2] ?? "test") as "test" | "dev";
const limit = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const items = loadLedgerSet(LEDGER_SETS[set]).slice(0, limit);
const machine = `${cpus()[0]?.model.trim()} × ${cpus().length} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()}-${arch()}, Node ${process.version}`;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const schema = compileMemorySchema(ledgerSchema());

const t0 = performance.now();
const reader = await LlamaPolicy.load(EMBEDDED.reader, { sequences: 2 });
const loadMs = performance.now() - t0;
// A second copy (one thread each, as defaultThreads gives a model this small) runs the half-size-chunk evaluation at
// the same time, so the two cores are both used; each evaluation has its own KV caches and token meters.
const second = await LlamaPolicy.load(EMBEDDED.reader, { sequences: 2 });
const [docTokens] = await reader.countTokens([items.map((i) => i.text).sort((a, b) => a.length - b.length)[0] ?? ""]);

async function run(
  model: LlamaPolicy,
  label: string,
  modes: ("amend" | "rewrite")[],
  chunkTokens: number,
): Promise<ReaderEvaluation> {
  const started = Date.now();
  const e = await evaluateReader(model, items, {
    schema,
    modes,
    chunkTokens,
    onDocument: (done, total, what) =>
      console.log(`${label}: ${done}/${total} ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
  });
  return e;
}

const [main, half] = await Promise.all([
  run(reader, "amend + rewrite, 64-token chunks", ["amend", "rewrite"], 64),
  run(second, "amend, 32-token chunks", ["amend"], 32),
]);
await reader.dispose();
await second.dispose();

const amend = main.modes.amend;
const rewrite = main.modes.rewrite;
const halfAmend = half.modes.amend;
if (!amend || !rewrite || !halfAmend) throw new Error("an evaluation is missing a mode");
const saving = 1 - amend.encodedTokens / rewrite.encodedTokens;
const targets = {
  memoryAccuracy: { value: amend.accuracy, target: 0.6, met: amend.accuracy >= 0.6 },
  overTruncation: {
    value: amend.accuracy - main.baseline.accuracy,
    target: 0.25,
    met: amend.accuracy - main.baseline.accuracy >= 0.25,
  },
  amendEncodesFewer: {
    value: saving,
    target: 0.4,
    accuracyGap: amend.accuracy - rewrite.accuracy,
    met: saving >= 0.4 && amend.accuracy >= rewrite.accuracy - 0.02,
  },
  halfChunks: {
    value: halfAmend.accuracy - amend.accuracy,
    target: -0.05,
    met: Math.abs(halfAmend.accuracy - amend.accuracy) <= 0.05,
  },
};
const strip = (e: ReaderEvaluation) => {
  const { items: _items, ...rest } = e;
  return rest;
};
const trainingFile = join(import.meta.dirname, "work", "mull-reader.training.json");
const cardFile = join(MODELS_DIR, "mull-reader.card.json");
// The training log of the run that wrote the GGUF, else what the card said before; a checkpoint exported from an
// interrupted run (`train_reader.py --export`) has neither, and the card says so.
const training = existsSync(trainingFile)
  ? (({ lossCurve: _c, ...rest }) => rest)(JSON.parse(readFileSync(trainingFile, "utf8")) as Record<string, unknown>)
  : existsSync(cardFile)
    ? (JSON.parse(readFileSync(cardFile, "utf8")) as { training?: unknown }).training
    : { note: "no training log: a checkpoint exported from an interrupted run (models/README.md, The reader)" };
const card = {
  name: "mull-reader",
  kind: "reader",
  file: "mull-reader.gguf",
  measuredWith: "node-llama-cpp (CPU), greedy decoding under JSON-schema grammars, core/memory/readDocument",
  machine,
  date: new Date().toISOString().slice(0, 10),
  loadMs: Math.round(loadMs),
  set,
  documents: items.length,
  questions: main.items.length / 2,
  contextSize: main.contextSize,
  shortestDocumentTokens: docTokens,
  targets,
  evaluations: { chunks64: strip(main), chunks32: strip(half) },
  training,
};
writeFileSync(cardFile, JSON.stringify(card, null, 2) + "\n");

const row = (name: string, t: ModeTotals): string =>
  `| ${name} | ${pct(t.accuracy)} (${t.correct}/${t.questions}) | ${pct(t.memoryAccuracy)} | ` +
  `${Math.round(t.encodedPerDocument).toLocaleString("en-US")} | ${Math.round(t.reusedTokens / items.length).toLocaleString("en-US")} | ` +
  `${Math.round(t.generatedTokens / items.length).toLocaleString("en-US")} | ${t.rejected}/${t.revisions} | ${t.cutOff} | ` +
  `${(t.seconds / items.length).toFixed(1)} |`;
const kinds = Object.entries(main.byKind)
  .map(
    ([k, v]) =>
      `| ${k} | ${pct(v.amend ?? 0)} | ${pct(v.rewrite ?? 0)} | ${pct(half.byKind[k]?.amend ?? 0)} | ${pct(v.truncate ?? 0)} |`,
  )
  .join("\n");
const met = (m: boolean) => (m ? "met" : "**missed**");
const figures = `
Measured ${card.date} on ${machine}, through Mull's own path (\`npx tsx models/recipes/evaluateReader.ts ${set}\`;
\`mull read --set ${set}\` prints the same table). ${items.length} documents of the ${set} split, ${card.questions} questions,
reader context ${main.contextSize} tokens; the shortest document is ${docTokens?.toLocaleString("en-US")} tokens
(${((docTokens ?? 0) / main.contextSize).toFixed(1)}× the context). The truncation baseline answers on the same model and
context from the question and as much of the document's end as fits.

| reading | accuracy | memory holds the answer | encoded tokens / document | reused / document | generated / document | rejected revisions | chunks cut off | seconds / document |
|---|---|---|---|---|---|---|---|---|
${row("amend, 64-token chunks", amend)}
${row("rewrite, 64-token chunks", rewrite)}
${row("amend, 32-token chunks", halfAmend)}
| truncation baseline | ${pct(main.baseline.accuracy)} (${main.baseline.correct}/${main.baseline.questions}) | | ${Math.round(main.baseline.encodedTokens / items.length).toLocaleString("en-US")} | | | | | |

By question kind:

| kind | amend 64 | rewrite 64 | amend 32 | truncation |
|---|---|---|---|---|
${kinds}

| target | value | goal | |
|---|---|---|---|
| memory accuracy (amend, 64) | ${pct(amend.accuracy)} | ≥ 60% | ${met(targets.memoryAccuracy.met)} |
| above truncation | ${(100 * targets.overTruncation.value).toFixed(1)} points | ≥ 25 points | ${met(targets.overTruncation.met)} |
| amend encodes fewer tokens than rewrite | ${pct(saving)} fewer (accuracy ${(100 * (amend.accuracy - rewrite.accuracy)).toFixed(1)} points apart) | ≥ 40% at equal accuracy | ${met(targets.amendEncodesFewer.met)} |
| half-size chunks (32) | ${(100 * targets.halfChunks.value).toFixed(1)} points | within 5 points | ${met(targets.halfChunks.met)} |
`;
const mdFile = join(MODELS_DIR, "mull-reader.md");
const begin = "<!-- figures:begin (written by models/recipes/evaluateReader.ts) -->";
const end = "<!-- figures:end -->";
const text = existsSync(mdFile) ? readFileSync(mdFile, "utf8") : `# mull-reader\n\n${begin}\n${end}\n`;
const [head, rest] = text.split(begin);
writeFileSync(mdFile, `${head}${begin}\n${figures.trim()}\n${end}${rest?.split(end)[1] ?? "\n"}`);
console.log(figures);
