import type { Problem } from "../domain/Problem.js";
import type { AnnotatedSolution, AnnotationCost } from "./AnnotatedSolution.js";
import type { AnnotationFile, ProblemRows } from "./AnnotationFile.js";
import {
  addTallies,
  addWritten,
  tallyProblem,
  zeroTally,
  zeroWritten,
  type AnnotationTally,
  type WrittenRows,
} from "./AnnotationTally.js";

/** One problem's annotations as annotateSetToFile takes them. */
export interface ProblemAnnotation {
  solutions: AnnotatedSolution[];
  /**
   * Everything labelling the problem cost, when some of it is in no solution's cost (an MCTS whose tree reached no
   * answer spent its search and labelled nothing). Default: the sum of the solutions' costs.
   */
  cost?: AnnotationCost | undefined;
  /** Solutions sampled before identical ones were merged. Default: as many as `solutions`. */
  sampled?: number | undefined;
}

/** Options of {@link annotateSetToFile}. */
export interface AnnotateSetToFileOptions {
  /** The problems asked for, in order (already cut to a limit); those the file holds are skipped. */
  problems: readonly Problem[];
  /** The output, opened (AnnotationFile.open): resumed or fresh. */
  file: AnnotationFile;
  /** Annotates one problem (annotateProblem with the run's policy and settings). */
  annotate: (problem: Problem, signal: AbortSignal | undefined) => Promise<ProblemAnnotation>;
  /**
   * One problem's solutions as the output's lines (JSON texts without the newline), in the file's format, with the
   * step labels those lines hold.
   */
  rows: (solutions: readonly AnnotatedSolution[]) => ProblemRows;
  /** Stops after the problem in flight; that problem's (partial) annotations are not written. */
  signal?: AbortSignal | undefined;
  /** Before the first problem: problems asked for, and how many the file already holds. */
  onStart?: (info: { total: number; skipped: number }) => void;
  /** After each problem's rows are written: its tally, this run's so far, and the rows it wrote. */
  onProblem?: (problem: Problem, tally: AnnotationTally, run: AnnotationTally, rows: WrittenRows) => void;
}

/** What a call did. */
export interface AnnotateSetReport {
  /** Problems asked for. */
  total: number;
  /** Of those, already in the file when the call began. */
  skipped: number;
  /** This call's problems. */
  run: AnnotationTally;
  /** The whole file's (every problem ever written into it, this call's included). */
  file: AnnotationTally;
  /** The rows this call wrote, and the step labels they hold. */
  runRows: WrittenRows;
  /** The rows the whole file holds. */
  fileRows: WrittenRows;
  /** Whether the signal stopped it before every problem was done. */
  cancelled: boolean;
}

/**
 * Annotates a problem set into a JSONL file, one problem at a time: each problem's rows are appended and recorded
 * as soon as it is done (AnnotationFile), so a killed run rerun with the same settings resumes where it stopped.
 * Problems the file holds are skipped. A problem during which the signal fired is dropped, not written half-labelled
 * (its labels would rest on the rollouts that happened to finish). Errors from `annotate` propagate, after every
 * problem done before them is written.
 */
export async function annotateSetToFile(options: AnnotateSetToFileOptions): Promise<AnnotateSetReport> {
  const { problems, file, signal } = options;
  const todo = problems.filter((p) => !file.has(p.id));
  const skipped = problems.length - todo.length;
  options.onStart?.({ total: problems.length, skipped });
  let run = zeroTally();
  let runRows = zeroWritten();
  let cancelled = false;
  for (const problem of todo) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    let annotation: ProblemAnnotation;
    try {
      annotation = await options.annotate(problem, signal);
    } catch (e) {
      // A policy may end its calls with an abort error rather than a short result: a cancel, not a failure.
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      throw e;
    }
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    const tally = tallyProblem(annotation.solutions, annotation.cost, annotation.sampled);
    const rows = options.rows(annotation.solutions);
    file.append(problem.id, rows, tally);
    const written = { rows: rows.lines.length, labels: rows.labels, positive: rows.positive };
    run = addTallies(run, tally);
    runRows = addWritten(runRows, written);
    options.onProblem?.(problem, tally, run, written);
  }
  return {
    total: problems.length,
    skipped,
    run,
    file: file.tally(),
    runRows,
    fileRows: file.written(),
    cancelled,
  };
}
