import { jsonSyntaxPlace } from "../core/files/jsonSyntaxPlace.js";
import { proveModeOf } from "../core/logic/proveModeOf.js";
import { existsSync } from "node:fs";
import { Option, type Command } from "commander";
import { decideProgram } from "../app/decideProgram.js";
import { startProveJob } from "../app/proveJob.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { readTextFile } from "../core/files/readTextFile.js";
import type { Program } from "../core/logic/dsl.js";
import { evaluateProver, type ProverEvaluation } from "../core/logic/evaluateProver.js";
import { DEFAULT_PROVER_RETRIES, LOGIC_PARAMETERS, type LogicParameterName } from "../core/logic/logicParameters.js";
import { logicLimits, type LogicLimits } from "../core/logic/LogicLimits.js";
import { loadLogicSet, spreadOverHops } from "../core/logic/prontoqa/loadLogicSet.js";
import { releaseZ3 } from "../core/logic/z3.js";
import { EMBEDDED, LOGIC_SETS } from "../core/models/embeddedModels.js";
import { resolveProfile } from "../core/models/resolveProfile.js";
import { RunStore } from "../core/store/RunStore.js";
import { writeFileAtomic } from "../core/store/writeFileAtomic.js";
import type { CliContext } from "./CliContext.js";
import { checkWritable } from "./checkWritable.js";
import { interruptSignal } from "./interruptSignal.js";
import { numberIn, positiveInteger } from "./parseNumberOption.js";
import { printEvaluation, printProgramCheck, printProve, programJson, proveJson } from "./printProve.js";
import { progressBar } from "./progressBar.js";
import { resolveNoting } from "./resolveNoting.js";
import { UsageError } from "./UsageError.js";

type ParameterFlags = { [K in LogicParameterName]?: number };

interface ProveFlags extends ParameterFlags {
  program?: string;
  set?: "test" | "dev";
  limit?: number;
  policy: string;
  /** A profile path, or false for --no-direct; undefined: the embedded baseline when its model is there. */
  direct?: string | false;
  json?: boolean;
  out?: string;
}

/** `solverTimeoutMs` → `--solver-timeout-ms`: the table's names as flags. */
function flagOf(name: string): string {
  return "--" + name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/**
 * `mull prove "<question>"`: Proof of Thought (the prover writes a program in Mull's JSON DSL, the checker and Z3
 * decide it, rejected programs go back to the model); `mull prove --program FILE.json` checks a hand-written program
 * with no model; `mull prove --set test` evaluates the prover on a ProntoQA-style split against the direct-answer
 * baseline. Every flag of LOGIC_PARAMETERS (retries, Z3's limits, the checker's limits) comes from that one table.
 */
export function proveCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("prove")
    .description(
      "Prove a logic question: the model writes a program in Mull's JSON DSL, Z3 decides it (Proof of Thought). " +
        "Or check a hand-written program with --program, or evaluate a split with --set.",
    )
    .argument(
      "[question]",
      'a ProntoQA-style question: "Every wumpus is a yumpus. Max is a wumpus. True or false: Max is a yumpus."',
    )
    .option(
      "--program <file>",
      "check and decide a hand-written program (JSON DSL) with no model, instead of a question",
    )
    .addOption(
      new Option(
        "--set <split>",
        "evaluate the prover on the embedded ProntoQA-style split (models/data/prontoqa-*.jsonl)",
      ).choices(["test", "dev"]),
    )
    .option(
      "--limit <k>",
      "with --set: k questions spread over the hop counts (the first ceil(k/5) of each of hops 1-5, cut to k)",
      positiveInteger,
    )
    .option("--policy <file>", "the prover: a .profile.json or a .gguf", EMBEDDED.prover)
    .option(
      "--direct <file>",
      "with --set: the direct-answer baseline (default: the embedded mull-prover-direct, when its model file is there)",
    )
    .option("--no-direct", "with --set: no direct-answer baseline")
    .option(
      "--json",
      "print one JSON object: {verdict, program, z3: {status, model?, core?, ms}, retries, errors, ...}",
    )
    .option("--out <file>", "with --set: also write the whole evaluation (figures and every question's row) as JSON");
  for (const p of LOGIC_PARAMETERS) {
    const t = p.type;
    if (t.kind !== "integer") continue;
    command.option(`${flagOf(p.name)} <n>`, `${p.help} (default ${p.defaultText})`, numberIn(t.min, t.max, true));
  }
  command.action(async (question: string | undefined, flags: ProveFlags) => {
    const limits = limitsOf(flags);
    if (flags.set !== undefined) {
      if (question !== undefined) throw new UsageError("give a question or --set, not both", "set");
      if (flags.program !== undefined) throw new UsageError("give --program or --set, not both", "set");
      return evaluateSet(ctx, flags, flags.set, limits);
    }
    if (flags.limit !== undefined) throw new UsageError("--limit is for --set", "limit");
    if (flags.direct !== undefined) throw new UsageError("--direct and --no-direct are for --set", "direct");
    if (flags.out !== undefined) throw new UsageError("--out is for --set", "out");
    if (flags.program !== undefined) {
      if (question !== undefined)
        throw new UsageError("give a question or --program, not both (a program already states its claims)", "program");
      if (flags.retries !== undefined)
        throw new UsageError("--retries is for a question: a hand-written program is checked once", "retries");
      return checkFile(ctx, flags.program, limits, flags.json === true);
    }
    if (question === undefined)
      throw new UsageError(
        'give a question (mull prove "<question>"), a program (--program FILE.json) or a split (--set test)',
        "question",
      );
    if (question.trim() === "") throw new UsageError("the question is empty", "question");
    return proveOne(ctx, question.trim(), flags, limits);
  });
}

/** The table's limits given on the command line, over the defaults. */
function limitsOf(flags: ParameterFlags): LogicLimits {
  const given: Partial<LogicLimits> = {};
  for (const p of LOGIC_PARAMETERS) {
    const value = flags[p.name];
    if (value !== undefined && p.name !== "retries") given[p.name] = value;
  }
  return logicLimits(given);
}

async function proveOne(ctx: CliContext, question: string, flags: ProveFlags, limits: LogicLimits): Promise<void> {
  const prover = await resolveNoting(ctx.io)(flags.policy, "policy");
  const store = RunStore.open();
  const engines = new EngineCache(inProcessEngines());
  const interrupt = interruptSignal(ctx.io);
  try {
    const job = startProveJob(
      {
        store,
        engines,
        signal: interrupt.signal,
        emit: (e) => {
          if (e.type === "prove-attempt" && e.errors.length > 0 && !flags.json)
            ctx.io.err(
              `mull: program ${e.attempt + 1} rejected (${e.errors.length} error${e.errors.length === 1 ? "" : "s"})\n`,
            );
        },
      },
      {
        question,
        prover: prover.profile,
        proverName: prover.name,
        retries: flags.retries ?? DEFAULT_PROVER_RETRIES,
        solverTimeoutMs: limits.solverTimeoutMs,
      },
    );
    const { result } = await job.done;
    if (result.stoppedBy === "cancelled") ctx.exitCode = 130;
    else if (result.verdict === "error") ctx.exitCode = 1;
    if (flags.json) ctx.io.out(JSON.stringify(proveJson(result, job.runId)) + "\n");
    else printProve(ctx, result, job.runId);
  } finally {
    interrupt.dispose();
    store.close();
    await engines.close();
    await releaseZ3();
  }
}

/** `--program FILE`: the file read (a missing one is a usage error naming it), checked and decided. */
async function checkFile(ctx: CliContext, file: string, limits: LogicLimits, json: boolean): Promise<void> {
  let text: string;
  try {
    text = readTextFile(file, { strict: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a folder, not a program file"
          : (e as Error).message.split("\n")[0];
    throw new UsageError(`--program: ${file}: ${why}`, "program");
  }
  // A file that is not JSON at all is the caller's to fix, as a missing one is (exit 2, naming the flag and the
  // place); a program that parses but does not type-check is the checker's verdict, printed below (exit 1).
  try {
    JSON.parse(text);
  } catch (e) {
    const { line, column, reason } = jsonSyntaxPlace(text, e);
    throw new UsageError(`--program: ${file}: line ${line}, column ${column}: not valid JSON (${reason})`, "program");
  }
  try {
    const check = await decideProgram(text, { limits });
    // The program as parsed, to print it indented: only once it type-checked (else the errors say what is wrong).
    const program = check.fol ? (JSON.parse(text) as Program) : undefined;
    if (json) ctx.io.out(JSON.stringify(programJson(check, program)) + "\n");
    else printProgramCheck(ctx, file, check, program);
    if (!check.ok) ctx.exitCode = 1;
  } finally {
    await releaseZ3();
  }
}

async function evaluateSet(
  ctx: CliContext,
  flags: ProveFlags,
  set: "test" | "dev",
  limits: LogicLimits,
): Promise<void> {
  if (flags.out !== undefined) checkWritable(flags.out);
  const all = loadLogicSet(LOGIC_SETS[set]);
  const questions = flags.limit === undefined ? all : spreadOverHops(all, flags.limit);
  const resolve = resolveNoting(ctx.io);
  const prover = await resolve(flags.policy, "policy");
  const direct = await directModel(ctx, flags.direct, resolve);
  const engines = new EngineCache(inProcessEngines());
  const interrupt = interruptSignal(ctx.io);
  const bar = progressBar(ctx.io, questions.length, 0, "prove", "questions");
  let evaluation: ProverEvaluation;
  try {
    const model = await engines.openReader(prover.profile);
    const baseline = direct ? await engines.openReader(direct.profile) : undefined;
    try {
      evaluation = await evaluateProver(model, baseline, questions, {
        mode: proveModeOf(prover.profile),
        retries: flags.retries ?? DEFAULT_PROVER_RETRIES,
        limits,
        signal: interrupt.signal,
        onQuestion: (row) => bar.tick(`${row.id}: ${row.verdict} (${row.correct ? "right" : "wrong"})`),
      });
    } finally {
      await model.dispose();
      await baseline?.dispose();
    }
  } finally {
    bar.stop();
    await engines.close();
    await releaseZ3();
    // Ctrl-C stays ours until the report is out: a press while the engines close must not kill the process with
    // nothing printed (found when the last question finished just before the press).
    interrupt.dispose();
  }
  const stopped = evaluation.rows.length < questions.length;
  if (interrupt.signal.aborted) ctx.exitCode = 130;
  const report = {
    set,
    questions: questions.length,
    evaluated: evaluation.rows.length,
    prover: prover.name,
    direct: direct?.name ?? null,
    retries: flags.retries ?? DEFAULT_PROVER_RETRIES,
    ...evaluation,
  };
  if (flags.out !== undefined) writeFileAtomic(flags.out, JSON.stringify(report, null, 2) + "\n");
  if (flags.json) {
    ctx.io.out(JSON.stringify(report) + "\n");
    return;
  }
  const heading =
    `${prover.name} on prontoqa-${set} (${evaluation.rows.length} of ${questions.length} questions, ` +
    `retries ${report.retries}; baseline ${direct?.name ?? "none"})`;
  printEvaluation(ctx, evaluation, heading, stopped);
  if (flags.out !== undefined) ctx.io.out(`Wrote ${flags.out}\n`);
}

/**
 * The baseline to compare with: none for --no-direct; the given profile; or the embedded one when its model file is
 * there (it is trained after the prover: when it is missing the evaluation runs without it, and says so).
 */
async function directModel(
  ctx: CliContext,
  direct: string | false | undefined,
  resolve: ReturnType<typeof resolveNoting>,
): Promise<{ profile: string; name: string } | undefined> {
  if (direct === false) return undefined;
  if (direct !== undefined) return resolve(direct, "policy", "direct");
  const embedded = await resolveProfile(EMBEDDED.proverDirect, "policy").catch(() => undefined);
  if (embedded && existsSync(EMBEDDED.proverDirect.replace(/\.profile\.json$/, ".gguf"))) return embedded;
  ctx.io.err(
    "mull: no direct-answer baseline: the embedded mull-prover-direct model is not there (--no-direct to say so)\n",
  );
  return undefined;
}
