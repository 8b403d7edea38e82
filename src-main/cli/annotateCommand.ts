import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { ANNOTATION_METHODS, type AnnotationMethod } from "../core/annotate/AnnotatedSolution.js";
import {
  ANNOTATION_FILE_FORMATS,
  AnnotationFile,
  progressFileOf,
  type AnnotationFileFormat,
  type AnnotationFileSettings,
} from "../core/annotate/AnnotationFile.js";
import { annotateByTree } from "../core/annotate/annotateByTree.js";
import { annotationRows } from "../core/annotate/annotationRows.js";
import { annotateProblem } from "../core/annotate/annotateProblem.js";
import { annotateSetToFile, type AnnotateSetReport } from "../core/annotate/annotateSetToFile.js";
import {
  ANNOTATION_PARAMETERS,
  annotationDefault,
  type AnnotationParameter,
} from "../core/annotate/annotationParameters.js";
import {
  positiveFraction,
  prefixReuse,
  writtenPositiveFraction,
  type AnnotationTally,
  type WrittenRows,
} from "../core/annotate/AnnotationTally.js";
import { loadProblemSet } from "../core/domain/loadProblemSet.js";
import type { Problem } from "../core/domain/Problem.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import type { OpenedPolicy } from "../core/engine/Engines.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { modelFingerprint } from "../core/experiments/modelFingerprint.js";
import { readTextFile } from "../core/files/readTextFile.js";
import { EMBEDDED, PROBLEM_SETS } from "../core/models/embeddedModels.js";
import { loadPolicyProfile } from "../core/models/profiles.js";
import { SAMPLING_DEFAULTS } from "../core/search/searchParameters.js";
import { SEARCH_DEFAULTS } from "../core/search/SearchOptions.js";
import type { CliContext } from "./CliContext.js";
import { checkWritable } from "./checkWritable.js";
import { interruptSignal } from "./interruptSignal.js";
import { numberIn, positiveInteger, seedNumber } from "./parseNumberOption.js";
import { progressBar, type Progress } from "./progressBar.js";
import { flagError } from "./flagError.js";
import { resolveNoting } from "./resolveNoting.js";
import { flagOf } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";

type ParameterFlags = { [K in AnnotationParameter["name"]]?: number };

interface AnnotateFlags extends ParameterFlags {
  set: string;
  out: string;
  limit?: number;
  method: AnnotationMethod;
  format: AnnotationFileFormat;
  policy: string;
  seed: number;
  json?: boolean;
}

/** MCTS children per expansion for `--method tree` (annotateByTree's default), and so the sequences it decodes. */
const TREE_WIDTH = 4;

/**
 * `mull annotate`: labels the steps of sampled solutions to a problem set by rollouts (Math-Shepherd, OmegaPRM's
 * binary search) or by the values of an MCTS tree, and writes them as PRM training rows (TRL's stepwise format by
 * default). One problem at a time, resumable: rerunning the same command into the same --out continues after the
 * last problem written. Flags of ANNOTATION_PARAMETERS (rollouts, samples, temperature, iterations) come from that
 * one table.
 */
export function annotateCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("annotate")
    .description(
      "Label solution steps by rollouts (Math-Shepherd, OmegaPRM) or by an MCTS tree, as PRM training rows. " +
        "Rerunning the same command into the same --out resumes it.",
    )
    .requiredOption("--set <set>", "(required) test | dev | train, or a .jsonl problem file with reference answers")
    .requiredOption("--out <file>", "(required) the .jsonl to write; its progress is kept in <file>.progress.json")
    .option("--limit <k>", "only the first k problems", positiveInteger)
    .addOption(
      new Option(
        "--method <name>",
        "mc: Math-Shepherd, N completions from every step; omega: OmegaPRM's binary search for the first wrong " +
          "step; tree: the node values of an MCTS whose leaves are valued by rollouts",
      )
        .choices(ANNOTATION_METHODS)
        .default("mc"),
    )
    .addOption(
      new Option(
        "--format <name>",
        "trl-prm: TRL stepwise rows {prompt, completions, labels}; math-shepherd: step-tagged text (ки, +/-); " +
          "annotated: the annotations themselves (soft and hard labels, rollouts, costs)",
      )
        .choices(ANNOTATION_FILE_FORMATS)
        .default("trl-prm"),
    );
  for (const p of ANNOTATION_PARAMETERS) command.addOption(optionOf(p));
  command
    .option(
      "--policy <file>",
      "the policy that writes solutions and completions (.profile.json or .gguf, or a server URL http://HOST:PORT/v1)",
      EMBEDDED.policyLarge,
    )
    .option("--seed <s>", "seed of the sampled solutions and completions (each problem starts from it)", seedNumber, 0)
    .option(
      "--json",
      "print the summary as one JSON object: {out, format, method, ..., asked, skipped, cancelled, rows, file, run}; " +
        "file (the whole file) and run (this run) each hold {problems, rows, labels, positive, positiveFraction} " +
        "(the rows written), {sampled, annotated: {solutions, steps, labelled, positive, positiveFraction}, " +
        "noAnnotation} (before rows were made), and {rollouts, generatedTokens, evaluatedTokens, ...}",
    )
    .action(async (flags: AnnotateFlags) => annotate(ctx, flags));
}

/** One row of ANNOTATION_PARAMETERS as an option: its range, the methods it applies to, its default. */
function optionOf(p: AnnotationParameter): Option {
  const t = p.type;
  const methods = p.appliesTo ? `; --method ${p.appliesTo.join(" or ")}` : "";
  const option = new Option(
    `--${flagOf(p.name)} <${t.kind === "integer" ? "n" : "x"}>`,
    `${p.help} (default ${p.defaultText}${methods})`,
  );
  if (t.kind === "integer" || t.kind === "number")
    return option.argParser(numberIn(t.min, t.max, t.kind === "integer"));
  return option;
}

async function annotate(ctx: CliContext, flags: AnnotateFlags): Promise<void> {
  const parameters = parametersOf(flags);
  const problemFile = problemFileOf(flags.set);
  requireReferenceAnswers(problemFile);
  let all: Problem[];
  try {
    all = loadProblemSet(problemFile, { onWarning: (w) => ctx.io.err(`mull: warning: ${w.message}\n`) });
  } catch (e) {
    // A bad set is a mistake in how the command was called, as a missing reference answer is: exit 2, named.
    throw flagError("set", e);
  }
  const problems = flags.limit === undefined ? all : all.slice(0, flags.limit);
  checkWritable(flags.out);
  const policy = await resolveNoting(ctx.io)(flags.policy, "policy");
  const settings: AnnotationFileSettings = {
    problemFile,
    method: flags.method,
    format: flags.format,
    policy: policy.profile,
    policyFingerprint: modelFingerprint(policy.profile),
    ...parameters,
    seed: flags.seed,
  };
  // Opened (and a mismatch refused) before any model loads: a wrong rerun costs nothing.
  const file = AnnotationFile.open(resolve(flags.out), settings, (field) =>
    field === "problemFile" ? "--set" : `--${flagOf(field)}`,
  );
  const interrupt = interruptSignal(ctx.io, { sigterm: true });
  // Ctrl-C (and SIGTERM) stays ours until the summary is out: a press while the engine closes must not end the process with
  // nothing printed.
  try {
    const started = performance.now();
    const report = await run(ctx, flags, parameters, problems, file, interrupt.signal, policy.profile);
    const summary = summaryOf(flags, settings, file, report, (performance.now() - started) / 1000);
    ctx.io.out(flags.json ? JSON.stringify(summary) + "\n" : summaryText(summary));
    if (report.cancelled) ctx.io.err(`mull: annotation cancelled; rerun the same command to resume\n`);
    if (interrupt.exitCode !== null) ctx.exitCode = interrupt.exitCode;
  } finally {
    interrupt.dispose();
  }
}

/** Loads the policy and annotates the problems the file lacks, with a progress bar over problems. */
async function run(
  ctx: CliContext,
  flags: AnnotateFlags,
  parameters: ReturnType<typeof parametersOf>,
  problems: readonly Problem[],
  file: AnnotationFile,
  signal: AbortSignal,
  profile: string,
): Promise<AnnotateSetReport> {
  const { answerPattern } = loadPolicyProfile(profile);
  const engines = new EngineCache(inProcessEngines());
  let bar: Progress | undefined;
  try {
    // Every completion of a probe decodes at once (and every sampled solution): one sequence each. Loaded on the
    // first problem, so a rerun of a finished annotation loads nothing.
    const sequences =
      flags.method === "tree" ? TREE_WIDTH : Math.max(parameters.rollouts ?? 1, parameters.samples ?? 1);
    let opening: Promise<OpenedPolicy> | undefined;
    const open = () => (opening ??= engines.openPolicy(profile, sequences));
    const sampling = { ...SAMPLING_DEFAULTS, temperature: parameters.temperature, seed: flags.seed };
    return await annotateSetToFile({
      problems,
      file,
      signal,
      annotate: async (problem, signal) => {
        const opened = await open();
        const maxDepth = opened.maxSteps ?? SEARCH_DEFAULTS.maxDepth;
        if (flags.method === "tree") {
          // annotateByTree directly, for its whole cost: a tree with no answer path labels nothing but spent its
          // search, and the summary must count it.
          const { solutions, cost } = await annotateByTree({
            policy: opened.policy,
            problemId: problem.id,
            problem: problem.problem,
            reference: problem.answer,
            iterations: parameters.iterations ?? annotationDefault("iterations"),
            width: TREE_WIDTH,
            sampling,
            maxDepth,
            stepDelimiter: opened.stepDelimiter,
            answerPattern,
            signal,
          });
          return { solutions, cost };
        }
        let sampled: number | undefined;
        const solutions = await annotateProblem({
          policy: opened.policy,
          problem,
          method: flags.method,
          rollouts: parameters.rollouts ?? annotationDefault("rollouts"),
          samples: parameters.samples ?? annotationDefault("samples"),
          iterations: parameters.iterations ?? annotationDefault("iterations"),
          sampling,
          stepDelimiter: opened.stepDelimiter,
          maxDepth,
          answerPattern,
          signal,
          onSampled: (counts) => (sampled = counts.sampled),
        });
        return { solutions, sampled };
      },
      rows: (solutions) => annotationRows(flags.format, solutions),
      onStart: ({ total, skipped }) => (bar = progressBar(ctx.io, total, skipped, "annotate", "problems")),
      onProblem: (problem, tally, run, rows) =>
        bar?.tick(
          `${problem.id}: ${plural(tally.solutions, "solution")}, ${plural(rows.rows, "row")} | ` +
            `${plural(run.cost.rollouts, "rollout")} this run`,
        ),
    });
  } finally {
    bar?.stop(); // the bar's last line on stderr before the summary on stdout
    await engines.close();
  }
}

/** The table's parameters given on the command line, checked against the method, with the defaults filled in. */
function parametersOf(
  flags: AnnotateFlags,
): Pick<AnnotationFileSettings, "rollouts" | "samples" | "iterations" | "temperature"> {
  const value = (name: AnnotationParameter["name"]): number | null => {
    const p = ANNOTATION_PARAMETERS.find((x) => x.name === name) as AnnotationParameter;
    const given = flags[name];
    if (p.appliesTo && !p.appliesTo.includes(flags.method)) {
      if (given !== undefined)
        throw new UsageError(
          `--${flagOf(name)} does not apply to --method ${flags.method} (it applies to ${p.appliesTo.join(", ")})`,
          name,
        );
      return null;
    }
    return given ?? p.default;
  };
  return {
    rollouts: value("rollouts"),
    samples: value("samples"),
    iterations: value("iterations"),
    temperature: value("temperature") ?? annotationDefault("temperature"),
  };
}

/** `--set`: a named split's file, or a .jsonl path, absolute (the progress file compares it). */
function problemFileOf(set: string): string {
  if (Object.hasOwn(PROBLEM_SETS, set)) return PROBLEM_SETS[set as keyof typeof PROBLEM_SETS];
  if (!set.endsWith(".jsonl")) throw new UsageError(`--set "${set}" is not test, dev, train or a .jsonl file`, "set");
  return resolve(set);
}

/**
 * Annotation judges every completion against the problem's reference answer, so a set with a problem without one
 * is refused before any model loads, naming the file and the first line at fault. Lines that are not JSON objects
 * are left to loadProblemSet, which names them.
 */
function requireReferenceAnswers(file: string): void {
  let text: string;
  try {
    text = readTextFile(file);
  } catch {
    return; // loadProblemSet says why the file cannot be read
  }
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return;
    const answer = (raw as { answer?: unknown }).answer;
    const missing = answer === undefined || answer === null;
    if (missing || (typeof answer === "string" && answer.trim() === ""))
      throw new UsageError(
        `--set: ${file}:${i + 1}: no reference answer (field "answer" is ${missing ? "missing" : "empty"}); ` +
          "annotation judges completions against it, so every problem needs one",
        "set",
      );
  }
}

/**
 * The figures of a tally and the rows written, as the summary prints them: first what the rows hold (rows, labels,
 * positive), then what was annotated before a format made rows of it, then what it cost.
 */
function figuresOf(t: AnnotationTally, w: WrittenRows) {
  return {
    problems: t.problems,
    rows: w.rows,
    labels: w.labels,
    positive: w.positive,
    positiveFraction: writtenPositiveFraction(w),
    sampled: t.sampled,
    annotated: {
      solutions: t.solutions,
      steps: t.steps,
      labelled: t.labelled,
      positive: t.positive,
      positiveFraction: positiveFraction(t),
    },
    noAnnotation: t.empty,
    rollouts: t.cost.rollouts,
    generatedTokens: t.cost.generatedTokens,
    evaluatedTokens: t.cost.evaluatedTokens,
    distinctPrefixTokens: t.cost.distinctPrefixTokens,
    evaluatedPerDistinctPrefix: prefixReuse(t),
    sampling: { generatedTokens: t.sampleCost.generatedTokens, evaluatedTokens: t.sampleCost.evaluatedTokens },
  };
}

/** What `mull annotate` reports (`--json` prints it as is): the whole file's figures, and this run's. */
function summaryOf(
  flags: AnnotateFlags,
  settings: AnnotationFileSettings,
  file: AnnotationFile,
  report: AnnotateSetReport,
  seconds: number,
) {
  return {
    out: file.out,
    progressFile: progressFileOf(file.out),
    format: settings.format,
    method: settings.method,
    rollouts: settings.rollouts,
    samples: settings.samples,
    iterations: settings.iterations,
    temperature: settings.temperature,
    seed: settings.seed,
    policy: settings.policy,
    set: flags.set,
    asked: report.total,
    skipped: report.skipped,
    cancelled: report.cancelled,
    rows: file.rows(),
    file: figuresOf(report.file, report.fileRows),
    run: { ...figuresOf(report.run, report.runRows), seconds: Math.round(seconds * 10) / 10 },
  };
}

const percent = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString("en-US");
/** `1 row`, `2 rows`: a count with its noun, singular or plural. */
const plural = (n: number, noun: string, nouns = `${noun}s`) => `${count(n)} ${n === 1 ? noun : nouns}`;

function summaryText(s: ReturnType<typeof summaryOf>): string {
  const f = s.file;
  const how =
    s.method === "tree"
      ? `tree, ${plural(s.iterations ?? 0, "MCTS round")}`
      : `${s.method}, ${plural(s.rollouts ?? 0, "rollout")} per step, ${plural(s.samples ?? 0, "solution")} per problem`;
  // The file's problems are those done before of the ones asked, this run's, and any an earlier run wrote that are
  // not among those asked now (a larger --limit then): the three add up to the file's.
  const elsewhere = f.problems - s.run.problems - s.skipped;
  const problems =
    `${count(f.problems)} (${count(s.run.problems)} this run, ${count(s.skipped)} done before` +
    (elsewhere > 0 ? `, ${count(elsewhere)} from an earlier run not among the ${count(s.asked)} asked now)` : ")");
  const unit = s.method === "tree" ? "answer path" : "solution";
  const rows: [string, string][] = [
    ["problems", problems],
    [
      "rows",
      `${plural(f.rows, `${s.format} row`)}: ${plural(f.labels, "step label")}, ${percent(f.positiveFraction)} positive`,
    ],
    [
      "annotated",
      `${plural(f.sampled, unit)} ${s.method === "tree" ? "found" : "sampled"}, ` +
        `${count(f.annotated.solutions)} distinct annotated; ${count(f.annotated.labelled)} of ` +
        `${plural(f.annotated.steps, "step")} labelled, ${percent(f.annotated.positiveFraction)} positive`,
    ],
    ["rollouts", count(f.rollouts)],
    ["generated tokens", `${count(f.generatedTokens)} by rollouts, ${count(f.sampling.generatedTokens)} by sampling`],
    [
      "evaluated tokens",
      `${count(f.evaluatedTokens)} by rollouts` +
        (f.evaluatedPerDistinctPrefix === null
          ? ""
          : ` (${f.evaluatedPerDistinctPrefix.toFixed(2)} × the ${count(f.distinctPrefixTokens)} distinct prefix tokens)`),
    ],
    ["time", `${s.run.seconds.toFixed(1)} s this run`],
  ];
  if (f.noAnnotation > 0)
    rows.splice(3, 0, [
      "no labels",
      s.method === "tree"
        ? `${plural(f.noAnnotation, "problem")} gave no finished ${unit}; try more --iterations`
        : `${plural(f.noAnnotation, "problem")} whose samples wrote no step`,
    ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return (
    `Annotated ${s.set} (${how}) into ${s.out}: ${plural(s.rows, `${s.format} row`)}\n` +
    rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join("")
  );
}
