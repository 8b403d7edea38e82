import { readFileSync } from "node:fs";
import * as z from "zod";
import { DIFFICULTIES, FAMILIES, type Problem } from "./Problem.js";

const ProblemSchema = z.object({
  id: z.string().min(1),
  family: z.enum(FAMILIES),
  difficulty: z.union(DIFFICULTIES.map((d) => z.literal(d)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>]),
  problem: z.string().min(1),
  answer: z.string().min(1),
  solution: z.string(),
});

/** A problem file that cannot be read; the message names the file, the line and the field. */
export class ProblemSetError extends Error {
  override readonly name = "ProblemSetError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** Reads a JSONL problem set (`models/data/*.jsonl` format), validating every line. */
export function loadProblemSet(file: string): Problem[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    throw new ProblemSetError(file, 0, code === "ENOENT" ? "file not found" : `cannot read it (${code ?? message})`);
  }
  const problems: Problem[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new ProblemSetError(file, i + 1, "not valid JSON");
    }
    const parsed = ProblemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProblemSetError(file, i + 1, `field "${issue?.path.join(".")}": ${issue?.message}`);
    }
    problems.push(parsed.data);
  });
  return problems;
}
