import type { ProgramCheck } from "../api/mullApi.js";
import type { Program } from "../core/logic/dsl.js";
import type { ProverEvaluation, ProverEvalFigures } from "../core/logic/evaluateProver.js";
import { formatProgramError } from "../core/logic/ProgramError.js";
import type { SavedProve } from "../core/logic/SavedProve.js";
import type { VerificationVerdict } from "../core/logic/solveProgram.js";
import type { FirstOrderLogic, FolLine } from "../core/logic/toFirstOrderLogic.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";

/** The `--json` object of `mull prove "<question>"`: the README's documented shape, then extra fields. */
export function proveJson(r: SavedProve, runId?: number) {
  return {
    verdict: r.verdict,
    program: r.program ?? null,
    z3: r.z3 ?? null,
    retries: r.retries,
    errors: r.errors,
    question: r.question,
    verdicts: r.verdicts,
    fol: r.fol,
    attempts: r.attempts.map((a) => ({
      index: a.index,
      text: a.text,
      finishReason: a.finishReason,
      errors: a.errors.map(formatProgramError),
      generatedTokens: a.generatedTokens,
      ms: Math.round(a.ms),
    })),
    spent: { ...r.spent, modelMs: Math.round(r.spent.modelMs), solverMs: Math.round(r.spent.solverMs) },
    prover: r.proverName,
    stoppedBy: r.stoppedBy,
    ...(runId !== undefined && { runId }),
  };
}

/**
 * The `--json` object of `mull prove --program FILE`: the same shape as a question's, with `verdict` being the first
 * verification's and `verdicts` one per verification (`error` and the errors when the program does not compile).
 */
export function programJson(check: ProgramCheck, program: Program | undefined) {
  const first = check.verdicts?.[0];
  return {
    verdict: check.ok ? (first?.verdict ?? "unknown") : "error",
    program: program ?? null,
    z3: first?.z3 ?? null,
    retries: 0,
    errors: check.errors.map(formatProgramError),
    verdicts: check.verdicts ?? [],
    fol: check.fol ?? null,
    ms: check.ms,
  };
}

const VERDICT_WORDS: Record<VerificationVerdict["verdict"], string> = {
  true: "true: the facts and rules entail the claim",
  false: "false: the facts and rules entail the claim's negation",
  unknown: "unknown: the facts and rules entail neither the claim nor its negation",
};

/** A program for people: the DSL as indented JSON, then each formula in first-order logic with its pointer. */
export function printProgram(ctx: CliContext, program: Program, fol: FirstOrderLogic | null | undefined): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  out("Program (DSL):");
  out(indent(compactJson(program, 120), "  "));
  if (!fol) return;
  out("First-order logic:");
  for (const d of fol.declarations) out(`  ${d}`);
  const section = (title: string, lines: FolLine[]): void => {
    if (lines.length === 0) return;
    out(`  ${title}:`);
    const width = Math.max(...lines.map((l) => (l.name ?? l.pointer).length));
    for (const l of lines) out(`    ${(l.name ?? l.pointer).padEnd(width)}  ${l.text}`);
  };
  section("facts", fol.facts);
  section("rules", fol.rules);
  section("claims", fol.verifications);
}

/**
 * Each verification's verdict with what decided it: for true or false the unsat core (the facts and rules the proof
 * used, each with its formula), for unknown Z3's countermodel or its reason; Z3's time.
 */
export function printVerdicts(
  ctx: CliContext,
  verdicts: VerificationVerdict[],
  fol: FirstOrderLogic | null | undefined,
): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  const formula = new Map([...(fol?.facts ?? []), ...(fol?.rules ?? [])].map((l) => [l.pointer.slice(1), l.text]));
  for (const v of verdicts) {
    // An unknown Z3 could not decide (a timeout, a memory limit, a cancel) says so: nothing is known about the claim.
    const words =
      v.verdict === "unknown" && v.z3.status === "unknown"
        ? `unknown: Z3 could not decide the claim (${v.z3.reason ?? "no reason given"})`
        : VERDICT_WORDS[v.verdict];
    out(`Verdict${verdicts.length > 1 ? ` (${v.name})` : ""}: ${words}`);
    if (v.z3.core !== undefined) {
      out(`  Proof uses (unsat core):${v.z3.core.length === 0 ? " nothing (the claim holds on its own)" : ""}`);
      for (const label of v.z3.core) out(`    ${label}  ${formula.get(label) ?? ""}`.trimEnd());
    }
    if (v.z3.model !== undefined) {
      out("  A world where the facts and rules hold and the claim does not (Z3's model):");
      if (typeof v.z3.model === "string") out(indent(v.z3.model, "    "));
      else for (const [name, value] of Object.entries(v.z3.model)) out(`    ${name} = ${value}`);
    }
    if (v.z3.reason !== undefined) out(`  Z3 could not decide: ${v.z3.reason}`);
    out(`  Z3: ${v.z3.status}, ${v.z3.ms} ms`);
  }
}

/** A proved question in words: each rejected program with its errors, the program, its logic, the verdict. */
export function printProve(ctx: CliContext, r: SavedProve, runId?: number): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  out(`Question: ${r.question}`);
  for (const a of r.attempts) {
    if (a.errors.length === 0) continue;
    const cut =
      a.finishReason === "length" ? ", cut at the token limit" : a.finishReason === "aborted" ? ", cancelled" : "";
    out(`Attempt ${a.index + 1} rejected (${a.generatedTokens} tokens${cut}):`);
    for (const e of a.errors) out(`  ${formatProgramError(e)}`);
  }
  const last = r.attempts.at(-1);
  if (r.program) printProgram(ctx, r.program, r.fol);
  if (r.verdict === "error") {
    out(
      r.stoppedBy === "cancelled"
        ? `Verdict: none (cancelled after ${r.attempts.length} program${r.attempts.length === 1 ? "" : "s"})`
        : r.attempts.length === 0 && r.errors[0]
          ? `Verdict: error: the question was not tried: ${r.errors[0]}`
          : `Verdict: error: no program compiled in ${r.attempts.length} attempt${r.attempts.length === 1 ? "" : "s"}`,
    );
    if (last && last.errors.length === 0 && last.finishReason !== "aborted") out(indent(last.text, "  "));
  } else printVerdicts(ctx, r.verdicts, r.fol);
  const seconds = (r.spent.modelMs / 1000).toFixed(1);
  out(
    `Retries: ${r.retries}; prover ${r.proverName}: ${r.spent.generatedTokens} tokens written in ${seconds} s; ` +
      `checking and solving: ${Math.round(r.spent.solverMs)} ms (Z3's start included)`,
  );
  if (runId !== undefined) out(`Saved as run ${runId} (mull runs show ${runId})`);
}

/** A hand-written program checked: its logic and verdicts, or every error as `FILE: /pointer: reason` on stderr. */
export function printProgramCheck(
  ctx: CliContext,
  file: string,
  check: ProgramCheck,
  program: Program | undefined,
): void {
  if (program) printProgram(ctx, program, check.fol);
  if (!check.ok) {
    for (const e of check.errors) ctx.io.err(`mull: ${file}: ${formatProgramError(e)}\n`);
    return;
  }
  printVerdicts(ctx, check.verdicts ?? [], check.fol);
  ctx.io.out(`Checked and decided in ${check.ms} ms\n`);
}

/** An evaluation in words: compile rate, accuracy against the baseline, a per-hop table, each wrong verdict. */
export function printEvaluation(ctx: CliContext, e: ProverEvaluation, heading: string, stopped: boolean): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  const pct = (x: number | null): string => (x === null ? "-" : `${(100 * x).toFixed(1)}%`);
  const o = e.overall;
  out(heading);
  if (stopped) out(`Stopped by Ctrl-C after ${o.questions} questions: the figures are over those.`);
  out(`Compile rate: ${pct(o.compileRateFirst)} on the first try, ${pct(o.compileRate)} after retries`);
  out(
    `Accuracy: ${pct(o.accuracy)}${o.directAccuracy === null ? "" : ` (direct answering: ${pct(o.directAccuracy)})`}`,
  );
  // A group with no question evaluated (an interrupted run) has no figures: "-", never a measured 0.0%.
  const row = (label: string, f: ProverEvalFigures) =>
    f.questions === 0
      ? [label, 0, "-", "-", "-", "-", "-"]
      : [
          label,
          f.questions,
          pct(f.compileRateFirst),
          pct(f.compileRate),
          pct(f.accuracy),
          pct(f.directAccuracy),
          f.directAccuracy === null ? "-" : `${((f.accuracy - f.directAccuracy) * 100).toFixed(1)}`,
        ];
  const rows = [...e.byHops.map((h) => row(String(h.hops), h)), row("3-5", e.hard), row("all", o)];
  out(
    formatTable(
      ["hops", "questions", "compiled first", "compiled", "accuracy", "direct", "gain (points)"],
      rows,
    ).trimEnd(),
  );
  const uncompiled = e.rows.filter((r) => !r.compiled);
  if (uncompiled.length > 0)
    out(
      `No program compiled within the retries: ${uncompiled.length} (${uncompiled
        .slice(0, 10)
        .map((r) => r.id)
        .join(", ")}${uncompiled.length > 10 ? ", ..." : ""}); the first error of each is in --out's rows`,
    );
  out(`Wrong verdicts on compiled programs: ${e.wrongVerdicts.length}`);
  for (const w of e.wrongVerdicts) {
    const why = w.matchesQuestion
      ? "the program states exactly the question's facts: a fault in Mull's checker, translation or Z3"
      : `the model misread the question: ${w.differences.join("; ")}`;
    out(`  ${w.id} (${w.hops} ${w.hops === 1 ? "hop" : "hops"}): verdict ${w.verdict}, answer ${w.answer}; ${why}`);
  }
}

/**
 * JSON indented by two spaces, except that an array or object whose one-line form fits in `width` (less its
 * indentation) stays on one line: a program's facts and rules read one per line, as they were written.
 */
export function compactJson(value: unknown, width: number, depth = 0): string {
  const flat = JSON.stringify(value);
  if (flat === undefined || typeof value !== "object" || value === null || flat.length + 2 * depth <= width)
    return flat ?? "null";
  const pad = "  ".repeat(depth + 1);
  const close = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => pad + compactJson(v, width, depth + 1)).join(",\n")}\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines = entries.map(
    ([k, v]) => `${pad}${JSON.stringify(k)}: ${compactJson(v, width - k.length - 4, depth + 1)}`,
  );
  return `{\n${lines.join(",\n")}\n${close}}`;
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}
