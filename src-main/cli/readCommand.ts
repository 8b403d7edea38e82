import { Option, type Command } from "commander";
import { startReadJob, type ReadConfig } from "../app/readJob.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { evaluateReader, loadLedgerSet, type ReaderEvaluation } from "../core/memory/evaluateReader.js";
import { ledgerSchema } from "../core/memory/ledger/ledgerSchemas.js";
import { DocumentError, loadDocument } from "../core/memory/loadDocument.js";
import { compileMemorySchema, parseMemorySchema, SchemaError, type MemorySchema } from "../core/memory/memorySchema.js";
import { READ_MODES, type ReadMode } from "../core/memory/readerPrompts.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import { EMBEDDED, LEDGER_SETS } from "../core/models/embeddedModels.js";
import { RunStore } from "../core/store/RunStore.js";
import { readTextFile } from "../core/files/readTextFile.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { interruptSignal } from "./interruptSignal.js";
import { positiveInteger } from "./parseNumberOption.js";
import { progressBar } from "./progressBar.js";
import { resolveNoting } from "./resolveNoting.js";
import { UsageError } from "./UsageError.js";

/** Default chunk size, in the reader's tokens: a twelfth of the embedded reader's 768-token context. */
export const DEFAULT_CHUNK_TOKENS = 64;

interface ReadFlags {
  question?: string;
  schema?: string;
  task?: string;
  chunkTokens: number;
  mode?: ReadMode;
  policy: string;
  baseline?: "truncate";
  json?: boolean;
  set?: "test" | "dev";
  limit?: number;
}

/**
 * `mull read FILE --question "..."`: reads a long document chunk by chunk into a structured memory (PRISM) and
 * answers from the memory; `mull read --set test` evaluates the reader on the embedded ledger split against the
 * truncation baseline. Arguments, the schema and the file are checked before any model loads.
 */
export function readCommand(program: Command, ctx: CliContext): void {
  program
    .command("read")
    .description(
      "Read a long text in chunks into a structured memory (PRISM) and answer a question from the memory; or, with --set, evaluate the reader.",
    )
    .argument("[file]", "a UTF-8 text file (up to 5 MB)")
    .option("--question <text>", "answered from the memory after the last chunk")
    .option("--schema <file>", "the memory's JSON Schema (Mull's subset: object, array, string, number, integer, enum)")
    .option("--task <text>", "a task description: the model proposes the schema (instead of --schema)")
    .option("--chunk-tokens <n>", "largest chunk, in the reader's tokens", positiveInteger, DEFAULT_CHUNK_TOKENS)
    .addOption(
      new Option(
        "--mode <mode>",
        "amend: render the memory once and append revisions (KV reuse); rewrite: render it before every chunk (default: amend; with --set, both)",
      ).choices(READ_MODES),
    )
    .option("--policy <file>", "the reading model: a .profile.json or a .gguf", EMBEDDED.reader)
    .addOption(
      new Option("--baseline <kind>", "also answer from the document's end alone, on the same model").choices([
        "truncate",
      ]),
    )
    .option("--json", "print one JSON object: {answer, memory, chunks, spent, baseline?} (with --set: the evaluation)")
    .addOption(
      new Option("--set <split>", "evaluate on the embedded ledger split instead of reading a file").choices([
        "test",
        "dev",
      ]),
    )
    .option("--limit <k>", "with --set: the first k documents", positiveInteger)
    .action(async (file: string | undefined, flags: ReadFlags) => {
      if (flags.set !== undefined) {
        if (file !== undefined) throw new UsageError("give a file or --set, not both", "set");
        if (flags.question !== undefined)
          throw new UsageError("--question is for a file: each document of a set has its own questions", "question");
        if (flags.schema !== undefined || flags.task !== undefined)
          throw new UsageError(
            "--set reads with the ledger's own schema; --schema and --task are for a file",
            flags.schema ? "schema" : "task",
          );
        return evaluateSet(ctx, flags, flags.set);
      }
      if (flags.limit !== undefined) throw new UsageError("--limit is for --set", "limit");
      if (file === undefined)
        throw new UsageError("give a text file to read (mull read FILE --question ...), or --set test", "file");
      if (flags.schema !== undefined && flags.task !== undefined)
        throw new UsageError("give --schema or --task, not both", "task");
      if (flags.baseline && flags.question === undefined)
        throw new UsageError("--baseline answers the question: give --question too", "baseline");
      if (flags.question !== undefined && flags.question.trim() === "")
        throw new UsageError("the question is empty", "question");
      if (flags.task !== undefined && flags.task.trim() === "")
        throw new UsageError("the task description is empty", "task");
      const text = documentOrUsage(file);
      const schema = flags.schema === undefined ? undefined : schemaOrUsage(flags.schema);
      const reader = await resolveNoting(ctx.io)(flags.policy, "policy");
      const config: ReadConfig = {
        source: file,
        text,
        question: flags.question,
        schema,
        task: flags.task,
        mode: flags.mode ?? "amend",
        chunkTokens: flags.chunkTokens,
        baseline: flags.baseline,
        reader: reader.profile,
        readerName: reader.name,
      };
      await readFile(ctx, config, flags.json === true);
    });
}

function documentOrUsage(file: string): string {
  try {
    return loadDocument(file);
  } catch (e) {
    if (e instanceof DocumentError) throw new UsageError(e.message, "file");
    throw e;
  }
}

function schemaOrUsage(file: string): MemorySchema {
  let text: string;
  try {
    text = readTextFile(file);
  } catch {
    throw new UsageError(`--schema: ${file}: no such file`, "schema");
  }
  try {
    return parseMemorySchema(text, file).schema;
  } catch (e) {
    if (e instanceof SchemaError) throw new UsageError(`--schema: ${e.message}`, "schema");
    throw e;
  }
}

async function readFile(ctx: CliContext, config: ReadConfig, json: boolean): Promise<void> {
  const store = RunStore.open();
  const engines = new EngineCache(inProcessEngines());
  const interrupt = interruptSignal(ctx.io);
  let bar: ReturnType<typeof progressBar> | undefined;
  try {
    const job = startReadJob(
      {
        store,
        engines,
        signal: interrupt.signal,
        emit: (e) => {
          if (e.type === "schema-proposed" && !json)
            ctx.io.err(`mull: the model proposed this schema: ${JSON.stringify(e.schema)}\n`);
          if (e.type !== "chunk-read") return;
          bar ??= progressBar(ctx.io, e.total, 0, "read", "chunks");
          const { revisions } = e.chunk;
          bar.tick(
            `${revisions.filter((r) => r.applied).length} revisions${revisions.some((r) => !r.applied) ? ", some rejected" : ""}`,
          );
        },
      },
      config,
    );
    let outcome;
    try {
      outcome = await job.done;
    } finally {
      bar?.stop();
    }
    const result = outcome.result;
    if (!result) throw new Error("the read did not run");
    if (result.stoppedBy === "cancelled") ctx.exitCode = 130;
    if (json) ctx.io.out(JSON.stringify(readJson(result, job.runId)) + "\n");
    else printRead(ctx, config, result, job.runId);
  } finally {
    interrupt.dispose();
    store.close();
    await engines.close();
  }
}

/** The `--json` object: the shape the README documents, plus the run id, why it stopped and the answer's paths. */
export function readJson(result: SavedRead, runId: number) {
  return {
    answer: result.answer?.answer ?? null,
    paths: result.answer?.paths ?? [],
    memory: result.memory,
    chunks: result.chunks.map((c) => ({
      index: c.index,
      tokens: c.tokens,
      revisions: c.revisions,
      encodedTokens: c.encodedTokens,
      reusedTokens: c.reusedTokens,
      generatedTokens: c.generatedTokens,
      ms: Math.round(c.ms),
      ...(c.error !== undefined && { error: c.error }),
    })),
    spent: { ...result.spent, ms: Math.round(result.spent.ms) },
    ...(result.baseline && {
      baseline: {
        answer: result.baseline.answer,
        encodedTokens: result.baseline.encodedTokens,
        kind: result.baseline.kind,
      },
    }),
    schema: result.schema,
    schemaSource: result.schemaSource,
    stoppedBy: result.stoppedBy,
    ...(result.reason !== undefined && { reason: result.reason }),
    runId,
  };
}

/** A read in words: the memory, revisions applied and rejected, tokens, the answer and the baseline's (also `runs show`). */
export function printRead(ctx: CliContext, config: ReadConfig, r: SavedRead, runId?: number): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  const n = (x: number): string => x.toLocaleString("en-US");
  out(
    `Read ${config.source} with ${config.readerName} (${config.mode}, chunks of up to ${config.chunkTokens} tokens): ${r.chunks.length} of ${r.totalChunks} chunks`,
  );
  if (r.reason) out(`Stopped: ${r.reason}`);
  out("Memory:");
  out(
    JSON.stringify(r.memory, null, 2)
      .split("\n")
      .map((l) => "  " + l)
      .join("\n"),
  );
  const all = r.chunks.flatMap((c) => c.revisions);
  const rejected = all.filter((x) => !x.applied);
  out(
    `Revisions: ${n(all.length - rejected.length)} applied, ${n(rejected.length)} rejected${rejected[0] ? ` (first: ${rejected[0].op} ${rejected[0].path}: ${rejected[0].reason})` : ""}`,
  );
  const cutOff = r.chunks.filter((c) => c.error !== undefined).length;
  if (cutOff > 0) out(`Chunks whose output could not be read: ${cutOff} (${r.chunks.find((c) => c.error)?.error})`);
  const prompt = r.spent.encodedTokens + r.spent.reusedTokens;
  const share = prompt === 0 ? 0 : Math.round((100 * r.spent.reusedTokens) / prompt);
  out(
    `Tokens: ${n(r.spent.encodedTokens)} encoded, ${n(r.spent.reusedTokens)} reused from the KV cache (${share}% of prompt tokens), ` +
      `${n(r.spent.generatedTokens)} generated; ${(r.spent.ms / 1000).toFixed(1)} s`,
  );
  if (r.answer) {
    const from = r.answer.paths
      .map((p) => `${p.path} = ${p.value === undefined ? "(not in memory)" : JSON.stringify(p.value)}`)
      .join(", ");
    out(`Answer: ${r.answer.answer === "" ? "(none)" : r.answer.answer}${from ? `   (from ${from})` : ""}`);
  }
  if (r.baseline) {
    const what = r.baseline.kind === "full" ? "the whole document fits" : `the last ${n(r.baseline.chars)} characters`;
    out(`Baseline (${r.baseline.kind}, ${what}): ${r.baseline.answer === "" ? "(none)" : r.baseline.answer}`);
  }
  if (runId !== undefined) out(`Saved as run ${runId} (mull runs show ${runId})`);
}

async function evaluateSet(ctx: CliContext, flags: ReadFlags, set: "test" | "dev"): Promise<void> {
  const items = loadLedgerSet(LEDGER_SETS[set]).slice(0, flags.limit);
  const reader = await resolveNoting(ctx.io)(flags.policy, "policy");
  const modes: ReadMode[] = flags.mode ? [flags.mode] : ["amend", "rewrite"];
  const engines = new EngineCache(inProcessEngines());
  const interrupt = interruptSignal(ctx.io);
  const bar = progressBar(ctx.io, items.length * modes.length, 0, "read", "reads");
  let evaluation: ReaderEvaluation;
  try {
    const model = await engines.openReader(reader.profile);
    try {
      evaluation = await evaluateReader(model, items, {
        schema: compileMemorySchema(ledgerSchema(), "the ledger schema"),
        modes,
        chunkTokens: flags.chunkTokens,
        signal: interrupt.signal,
        onDocument: (_done, _total, label) => bar.tick(label),
      });
    } finally {
      await model.dispose();
    }
  } finally {
    bar.stop();
    interrupt.dispose();
    await engines.close();
  }
  if (interrupt.signal.aborted) ctx.exitCode = 130;
  const first = evaluation.modes[modes[0] as ReadMode];
  if (flags.json) {
    const encodedTokens = Object.fromEntries(Object.entries(evaluation.modes).map(([m, t]) => [m, t.encodedTokens]));
    ctx.io.out(
      JSON.stringify({
        accuracy: first?.accuracy ?? 0,
        baselineAccuracy: evaluation.baseline.accuracy,
        encodedTokens,
        ...evaluation,
      }) + "\n",
    );
    return;
  }
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const n = (x: number): string => Math.round(x).toLocaleString("en-US");
  ctx.io.out(
    `${reader.name} on ledger-${set} (${evaluation.documents} documents, ${evaluation.items.length / modes.length} questions; ` +
      `context ${evaluation.contextSize}, chunks of up to ${evaluation.chunkTokens} tokens)\n`,
  );
  const rows = Object.entries(evaluation.modes).map(([mode, t]) => [
    mode,
    `${pct(t.accuracy)} (${t.correct}/${t.questions})`,
    pct(t.memoryAccuracy),
    n(t.encodedPerDocument),
    n(t.reusedTokens / evaluation.documents),
    n(t.generatedTokens / evaluation.documents),
    `${t.rejected}/${t.revisions}`,
    String(t.cutOff),
    t.seconds.toFixed(0),
  ]);
  const b = evaluation.baseline;
  rows.push([
    "truncate",
    `${pct(b.accuracy)} (${b.correct}/${b.questions})`,
    "",
    n(b.encodedTokens / evaluation.documents),
    "",
    "",
    "",
    "",
    "",
  ]);
  ctx.io.out(
    formatTable(
      [
        "mode",
        "accuracy",
        "memory right",
        "encoded/doc",
        "reused/doc",
        "generated/doc",
        "rejected",
        "cut off",
        "seconds",
      ],
      rows,
    ),
  );
  const kinds = Object.entries(evaluation.byKind).map(([kind, byMode]) => [
    kind,
    ...Object.keys(byMode).map((m) => `${m} ${pct(byMode[m] ?? 0)}`),
  ]);
  ctx.io.out("By question kind:\n" + kinds.map((k) => "  " + k.join("  ")).join("\n") + "\n");
}
