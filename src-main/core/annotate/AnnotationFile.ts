import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import * as z from "zod";
import { writeFileAtomic } from "../store/writeFileAtomic.js";
import { ANNOTATION_METHODS } from "./AnnotatedSolution.js";
import { AnnotationResumeError } from "./AnnotationResumeError.js";
import {
  addTallies,
  addWritten,
  zeroTally,
  zeroWritten,
  type AnnotationTally,
  type WrittenRows,
} from "./AnnotationTally.js";

/** What `mull annotate` writes, one JSON object per line: two trainers' formats, or the annotations themselves. */
export const ANNOTATION_FILE_FORMATS = ["trl-prm", "math-shepherd", "annotated"] as const;
export type AnnotationFileFormat = (typeof ANNOTATION_FILE_FORMATS)[number];

const CostSchema = z.object({
  rollouts: z.number(),
  generatedTokens: z.number(),
  evaluatedTokens: z.number(),
  reusedTokens: z.number(),
  ms: z.number(),
  distinctPrefixTokens: z.number(),
});

const SettingsSchema = z.object({
  problemFile: z.string(),
  method: z.enum(ANNOTATION_METHODS as ["mc", "omega", "tree"]),
  format: z.enum(ANNOTATION_FILE_FORMATS),
  policy: z.string(),
  policyFingerprint: z.string(),
  rollouts: z.number().nullable(),
  samples: z.number().nullable(),
  iterations: z.number().nullable(),
  temperature: z.number(),
  seed: z.number(),
});

/**
 * The settings that decide what an annotation file's rows are; a run resumed into the file must match every one.
 * A setting the method does not use is null (rollouts and samples for `tree`, iterations for `mc` and `omega`).
 */
export type AnnotationFileSettings = z.infer<typeof SettingsSchema>;

/** The settings in the order a mismatch is looked for (and named): the first that differs is the one reported. */
const SETTING_ORDER: readonly (keyof AnnotationFileSettings)[] = [
  "method",
  "format",
  "rollouts",
  "samples",
  "iterations",
  "temperature",
  "seed",
  "problemFile",
  "policy",
];

/**
 * The progress file's version. 2 added the labels each problem's rows hold and the tally's sampled and empty counts;
 * a version 1 file (an earlier mull annotate) is refused, naming the version, rather than summed up wrongly.
 */
const PROGRESS_VERSION = 2;

const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  settings: SettingsSchema,
  /** The process writing the file: a second one into the same file is refused while it lives. */
  pid: z.number().int().optional(),
  done: z.array(
    z.object({
      id: z.string(),
      /** The output file's length in bytes once this problem's rows were written. */
      bytes: z.number().int().nonnegative(),
      rows: z.number().int().nonnegative(),
      /** Step labels in those rows, and how many are positive. */
      labels: z.number().int().nonnegative(),
      positive: z.number().int().nonnegative(),
      tally: z.object({
        problems: z.number(),
        empty: z.number(),
        sampled: z.number(),
        solutions: z.number(),
        steps: z.number(),
        labelled: z.number(),
        positive: z.number(),
        cost: CostSchema,
        sampleCost: CostSchema.omit({ rollouts: true, distinctPrefixTokens: true }),
      }),
    }),
  ),
});

/** The progress file beside an annotation file: its settings, and each problem done with the file's length after it. */
export type AnnotationProgress = z.infer<typeof ProgressSchema>;

/** One problem's rows as AnnotationFile.append takes them: the lines, and the step labels they hold. */
export interface ProblemRows {
  /** JSON texts, without the newline. */
  lines: readonly string[];
  labels: number;
  positive: number;
}

/** A problem done, as the progress file records it. */
export type ProblemDone = AnnotationProgress["done"][number];

/** Where the progress of `out` is kept: `out.progress.json`. */
export function progressFileOf(out: string): string {
  return `${out}.progress.json`;
}

/**
 * A JSONL annotation file being written one problem at a time, resumable after a kill. Beside it, a progress file
 * (written atomically) records the settings and, for each problem done, the file's length after its rows. Rows are
 * appended first and the progress file rewritten after, so a process killed between the two leaves rows past the
 * recorded length: opening the file again cuts them off, and that problem is annotated again. A kill loses at most
 * the problem in flight; a problem is never in the file twice.
 */
export class AnnotationFile {
  private constructor(
    readonly out: string,
    private progress: AnnotationProgress,
    /** Whether an earlier run's progress was taken up. */
    readonly resumed: boolean,
  ) {}

  /**
   * Opens `out` for the settings: resumes it when its progress file holds the same settings (cutting any half-written
   * tail), starts it when neither exists (or the output was deleted since, leaving its progress file behind).
   * Refused with an AnnotationResumeError (nothing written) when the progress file records other settings, naming
   * the first that differs as `name(field)` says it; when `out` has content but no progress file (not an unfinished
   * annotation: never overwritten); when the progress file is not one this class wrote; or when `out` is shorter
   * than recorded (changed since).
   */
  static open(
    out: string,
    settings: AnnotationFileSettings,
    name: (field: keyof AnnotationFileSettings) => string = (f) => f,
  ): AnnotationFile {
    const progressFile = progressFileOf(out);
    const outExists = existsSync(out);
    if (!existsSync(progressFile) || !outExists) {
      if (outExists && statSync(out).size > 0)
        throw new AnnotationResumeError(
          out,
          "out",
          `exists and is not an unfinished annotation (no ${progressFile} beside it), so it is not overwritten`,
          AnnotationResumeError.START_OVER,
        );
      const fresh: AnnotationProgress = { version: PROGRESS_VERSION, settings, pid: process.pid, done: [] };
      // The progress file first: a kill before the output exists leaves a fresh start, never an orphan output.
      writeFileAtomic(progressFile, JSON.stringify(fresh) + "\n");
      writeFileSync(out, "");
      return new AnnotationFile(out, fresh, false);
    }
    const read = readProgress(out, progressFile);
    checkSettings(out, read.settings, settings, name);
    // Two processes appending to one file would interleave their rows and race for the progress file.
    if (read.pid !== undefined && read.pid !== process.pid && isRunning(read.pid))
      throw new AnnotationResumeError(
        out,
        "out",
        `is being written by another running mull annotate (process ${read.pid})`,
        "wait for it to finish, or use another --out",
      );
    const recorded = read.done.at(-1)?.bytes ?? 0;
    const size = statSync(out).size;
    if (size < recorded)
      throw new AnnotationResumeError(
        out,
        "out",
        `is ${size} bytes, shorter than the ${recorded} its progress file records: it was changed since`,
        AnnotationResumeError.START_OVER,
      );
    // Rows of the problem in flight when the last run was killed: that problem is annotated again.
    if (size > recorded) truncateSync(out, recorded);
    const progress = { ...read, pid: process.pid };
    writeFileAtomic(progressFile, JSON.stringify(progress) + "\n");
    return new AnnotationFile(out, progress, true);
  }

  /** The problem ids done, in the order written. */
  doneIds(): string[] {
    return this.progress.done.map((d) => d.id);
  }

  /** Whether a problem's rows are in the file. */
  has(id: string): boolean {
    return this.progress.done.some((d) => d.id === id);
  }

  /** Rows in the file (a solution the format cannot express gives none). */
  rows(): number {
    return this.progress.done.reduce((n, d) => n + d.rows, 0);
  }

  /** The rows in the file and the step labels they hold. */
  written(): WrittenRows {
    return this.progress.done.reduce(
      (w, d) => addWritten(w, { rows: d.rows, labels: d.labels, positive: d.positive }),
      zeroWritten(),
    );
  }

  /** Everything the file holds, added up over its problems. */
  tally(): AnnotationTally {
    return this.progress.done.reduce((t, d) => addTallies(t, d.tally), zeroTally());
  }

  /**
   * Appends one problem's rows (JSON texts, one per line, with the step labels they hold) and records it as done
   * with its tally. A problem already done is a RangeError: a file holds each problem once.
   */
  append(id: string, rows: ProblemRows, tally: AnnotationTally): void {
    if (this.has(id)) throw new RangeError(`${this.out}: problem ${id} is already in the file`);
    const { lines, labels, positive } = rows;
    const text = lines.map((l) => l + "\n").join("");
    const before = this.progress.done.at(-1)?.bytes ?? 0;
    if (text !== "") appendFileSync(this.out, text);
    const bytes = before + Buffer.byteLength(text);
    const done: ProblemDone = { id, bytes, rows: lines.length, labels, positive, tally };
    this.progress = { ...this.progress, done: [...this.progress.done, done] };
    writeFileAtomic(progressFileOf(this.out), JSON.stringify(this.progress) + "\n");
  }
}

/** Whether a process with this id is running (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}

function readProgress(out: string, progressFile: string): AnnotationProgress {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(progressFile, "utf8"));
  } catch {
    raw = undefined;
  }
  const version = (raw as { version?: unknown } | undefined)?.version;
  if (typeof version === "number" && version < PROGRESS_VERSION)
    throw new AnnotationResumeError(
      out,
      "out",
      `was written by an earlier mull annotate (progress file version ${version}, now ${PROGRESS_VERSION})`,
      AnnotationResumeError.START_OVER,
    );
  const parsed = ProgressSchema.safeParse(raw);
  if (!parsed.success)
    throw new AnnotationResumeError(
      out,
      "out",
      `its progress file ${progressFile} is not one mull annotate wrote`,
      AnnotationResumeError.START_OVER,
    );
  return parsed.data;
}

/** Refuses to resume when a setting that changes the rows differs, naming the first (SETTING_ORDER). */
function checkSettings(
  out: string,
  was: AnnotationFileSettings,
  now: AnnotationFileSettings,
  name: (field: keyof AnnotationFileSettings) => string,
): void {
  for (const field of SETTING_ORDER) {
    if (was[field] === now[field]) continue;
    const shown = (v: unknown) => (v === null ? "none" : typeof v === "string" ? v : JSON.stringify(v));
    throw new AnnotationResumeError(
      out,
      name(field),
      `holds annotations made with ${name(field)} ${shown(was[field])}, not ${shown(now[field])}`,
    );
  }
  if (was.policyFingerprint !== now.policyFingerprint)
    throw new AnnotationResumeError(
      out,
      name("policy"),
      `holds annotations by another model than ${now.policy} holds now (its file changed since)`,
      AnnotationResumeError.START_OVER,
    );
}
