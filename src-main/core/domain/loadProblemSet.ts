import * as z from "zod";
import { isReadableAnswer } from "./answerChecker.js";
import { DIFFICULTIES, FAMILIES, type Problem } from "./Problem.js";
import { readTextFile } from "../files/readTextFile.js";

/** A problem line: `id`, `problem` and `answer` (text, or a number written as one) are required; the rest optional. */
const ProblemSchema = z.object({
  id: z.union([z.string().min(1), z.number().transform(String)]),
  family: z.enum(FAMILIES).optional(),
  difficulty: z
    .union(DIFFICULTIES.map((d) => z.literal(d)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>])
    .optional(),
  problem: z.string().min(1),
  answer: z.union([z.string().min(1), z.number().transform(String)]),
  solution: z.string().default(""),
});

/** A problem file that cannot be used; the message names the file, the line (when there is one) and the field. */
export class ProblemSetError extends Error {
  override readonly name = "ProblemSetError";
  constructor(
    readonly file: string,
    /** 1-based; 0 when the fault is the whole file's (missing, empty). */
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

/** Something in a problem file that is allowed but probably wrong: one line for a person, and where it is. */
export interface ProblemSetWarning {
  file: string;
  line: number;
  /** The problem's id. */
  id: string;
  /** The value at fault, as written. */
  value: string;
  /** `<file>:<line>: ...`, naming the value. */
  message: string;
}

/** Options of {@link loadProblemSet}. */
export interface LoadProblemSetOptions {
  /** Called for each warning, in file order. Warnings: a reference answer the answer checker cannot read. */
  onWarning?: (warning: ProblemSetWarning) => void;
}

/**
 * Reads a JSONL problem set (`models/data/*.jsonl` format), validating every line; a UTF-8 byte-order mark is
 * accepted (readTextFile). Refused with a ProblemSetError naming the file and line: a line that is not JSON or
 * lacks a field, an id used twice (results are kept per id: the second problem would never run and would be
 * graded as the first), and a file with no problems (a sweep over it would "complete" having measured nothing).
 * A reference answer the answer checker can read only as text (`twelve`, `12 or 13`) is loaded, with a warning:
 * no model answer but that exact text would ever be graded correct.
 */
export function loadProblemSet(file: string, options: LoadProblemSetOptions = {}): Problem[] {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    throw new ProblemSetError(file, 0, code === "ENOENT" ? "file not found" : `cannot read it (${code ?? message})`);
  }
  const problems: Problem[] = [];
  const lineOfId = new Map<string, number>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const lineNo = i + 1;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new ProblemSetError(file, lineNo, "not valid JSON");
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new ProblemSetError(
        file,
        lineNo,
        'not a JSON object: each line is one problem, {"id", "problem", "answer"}',
      );
    const parsed = ProblemSchema.safeParse(raw);
    if (!parsed.success) {
      // Every field at fault at once, so a person fixes a line in one go.
      const faults = parsed.error.issues.map((issue) => faultOf(raw as Record<string, unknown>, issue));
      throw new ProblemSetError(file, lineNo, faults.join("; "));
    }
    const { id, answer } = parsed.data;
    const first = lineOfId.get(id);
    if (first !== undefined)
      throw new ProblemSetError(
        file,
        lineNo,
        `field "id": "${id}" is already the id of line ${first}; ids must be unique`,
      );
    lineOfId.set(id, lineNo);
    if (!isReadableAnswer(answer)) {
      const message =
        `${file}:${lineNo}: field "answer": the answer checker cannot read ${JSON.stringify(answer)} as a number ` +
        "or expression; only that exact text will be graded correct";
      options.onWarning?.({ file, line: lineNo, id, value: answer, message });
    }
    problems.push(parsed.data);
  });
  if (problems.length === 0)
    throw new ProblemSetError(file, 0, "holds no problems: the file is empty or has only blank lines");
  return problems;
}

/** What each required field holds, as a fault names it. */
const REQUIRED: Record<string, string> = { id: "text or number", problem: "text", answer: "text or number" };

/**
 * One schema issue as a plain phrase: a required field missing or empty says so and what it holds (`field "id" is
 * required (text or number)`), a required field of the wrong type names the value; other issues keep zod's message.
 */
function faultOf(raw: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".");
  const kind = REQUIRED[field];
  if (kind !== undefined && issue.path.length === 1) {
    const value = raw[field];
    if (value === undefined || value === null) return `field "${field}" is required (${kind})`;
    if (value === "") return `field "${field}" is empty; it is required (${kind})`;
    return `field "${field}" must be ${kind}, got ${JSON.stringify(value)}`;
  }
  return `field "${field}": ${issue.message}`;
}
