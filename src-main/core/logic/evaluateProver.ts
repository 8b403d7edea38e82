import type { StructuredModel } from "../policy/StructuredModel.js";
import { answerDirectly } from "./answerDirectly.js";
import type { LogicLimits } from "./LogicLimits.js";
import type { LogicQuestion } from "./prontoqa/generateQuestion.js";
import { programDifferences } from "./programDifferences.js";
import { proveQuestion, type ProveResult } from "./proveQuestion.js";

/** One question of an evaluation. */
export interface ProverEvalRow {
  id: string;
  hops: number;
  /** The right answer. */
  answer: boolean;
  verdict: ProveResult["verdict"];
  /** The verdict is the right answer (`true` for a true claim, `false` for a false one). */
  correct: boolean;
  /** A program compiled on the first try / within the retries. */
  compiledFirst: boolean;
  compiled: boolean;
  retries: number;
  /**
   * How the compiled program differs from the question's facts (programDifferences); empty when it states them
   * exactly. Absent when nothing compiled.
   */
  differences?: string[];
  /** The direct-answer baseline's answer, when a baseline ran; undefined inside: it did not parse. */
  direct?: { answer: boolean | undefined; correct: boolean };
  /** Errors of the rejected programs, one line each. */
  errors: string[];
  generatedTokens: number;
  ms: number;
}

/** Figures for one group of questions (all, or one hop count). */
export interface ProverEvalFigures {
  questions: number;
  /** Share whose first program compiled (checker and solver accepted it). */
  compileRateFirst: number;
  /** Share with a program that compiled within the retries. */
  compileRate: number;
  /** Share whose verdict is the right answer (no program, or unknown, counts as wrong). */
  accuracy: number;
  /** The direct-answer baseline's accuracy on the same questions; null when no baseline ran. */
  directAccuracy: number | null;
}

/** A whole evaluation: figures overall, per hop count and for 3 or more hops, and every wrong verdict explained. */
export interface ProverEvaluation {
  overall: ProverEvalFigures;
  byHops: (ProverEvalFigures & { hops: number })[];
  /** Questions with 3–5 hops, where the target (accuracy ≥ direct + 20 points) is set. */
  hard: ProverEvalFigures;
  /**
   * Compiled programs whose verdict is not the right answer. `matchesQuestion` true would mean a fault in Mull (the
   * program states exactly the question's facts, yet the verdict is wrong); false means the model misread the question,
   * and `differences` says how.
   */
  wrongVerdicts: {
    id: string;
    hops: number;
    verdict: ProveResult["verdict"];
    answer: boolean;
    matchesQuestion: boolean;
    differences: string[];
  }[];
  rows: ProverEvalRow[];
}

/** Options of evaluateProver. */
export interface EvaluateProverOptions {
  retries?: number;
  /** Whole programs or one statement per sentence (ProveOptions.mode). */
  mode?: "program" | "statements";
  /** Names the grammar admits (ProveOptions.names). */
  names?: "question" | "any";
  limits?: Partial<LogicLimits>;
  signal?: AbortSignal;
  /** Called after each question with its row and how many are done. */
  onQuestion?: (row: ProverEvalRow, done: number) => void;
}

/**
 * Proof of Thought on a split (ProntoQA-style questions), against the direct-answer baseline when one is given:
 * compile rate (first try and after retries), accuracy overall and per hop count, and every wrong verdict on a
 * compiled program explained by comparing the program with the question's own (Saparov & He 2023's ProntoQA gives
 * each question its logical form, so a misreading can be named). Stops early, with the rows so far, on abort.
 */
export async function evaluateProver(
  prover: StructuredModel,
  direct: StructuredModel | undefined,
  questions: readonly LogicQuestion[],
  options: EvaluateProverOptions = {},
): Promise<ProverEvaluation> {
  const rows: ProverEvalRow[] = [];
  for (const q of questions) {
    if (options.signal?.aborted) break;
    const started = performance.now();
    const proved = await proveQuestion(prover, q.question, {
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.names ? { names: options.names } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // A question cut short by the cancel is left out, not counted as a wrong verdict: the figures are over the
    // questions evaluated in full.
    if (options.signal?.aborted) break;
    const expected = q.answer ? "true" : "false";
    const row: ProverEvalRow = {
      id: q.id,
      hops: q.hops,
      answer: q.answer,
      verdict: proved.verdict,
      correct: proved.verdict === expected,
      compiledFirst: proved.program !== undefined && proved.retries === 0,
      compiled: proved.program !== undefined,
      retries: proved.retries,
      errors: proved.errors,
      generatedTokens: proved.spent.generatedTokens,
      ms: 0,
    };
    if (proved.program) row.differences = programDifferences(proved.program, q.program);
    if (direct) {
      const said = await answerDirectly(direct, q.question, options.signal);
      if (options.signal?.aborted) break;
      row.direct = { answer: said.answer, correct: said.answer === q.answer };
    }
    row.ms = performance.now() - started;
    rows.push(row);
    options.onQuestion?.(row, rows.length);
  }
  return summarizeProverRows(rows, direct !== undefined);
}

/** The figures of evaluateProver from its rows (also used to re-summarize saved rows). */
export function summarizeProverRows(rows: readonly ProverEvalRow[], withDirect: boolean): ProverEvaluation {
  const figures = (group: readonly ProverEvalRow[]): ProverEvalFigures => {
    const share = (test: (r: ProverEvalRow) => boolean): number =>
      group.length === 0 ? 0 : group.filter(test).length / group.length;
    return {
      questions: group.length,
      compileRateFirst: share((r) => r.compiledFirst),
      compileRate: share((r) => r.compiled),
      accuracy: share((r) => r.correct),
      directAccuracy: withDirect ? share((r) => r.direct?.correct === true) : null,
    };
  };
  const hops = [...new Set(rows.map((r) => r.hops))].sort((a, b) => a - b);
  return {
    overall: figures(rows),
    byHops: hops.map((h) => ({ hops: h, ...figures(rows.filter((r) => r.hops === h)) })),
    hard: figures(rows.filter((r) => r.hops >= 3)),
    wrongVerdicts: rows
      .filter((r) => r.compiled && !r.correct)
      .map((r) => ({
        id: r.id,
        hops: r.hops,
        verdict: r.verdict,
        answer: r.answer,
        matchesQuestion: (r.differences ?? []).length === 0,
        differences: r.differences ?? [],
      })),
    rows: [...rows],
  };
}
