import { CommanderError, InvalidArgumentError } from "commander";
import { AnnotationOptionError } from "../core/annotate/AnnotationOptionError.js";
import { AnnotationResumeError } from "../core/annotate/AnnotationResumeError.js";
import { ChatError } from "../core/chat/ChatError.js";
import { ProblemSetError } from "../core/domain/loadProblemSet.js";
import { SweepResumeError } from "../core/experiments/SweepResumeError.js";
import { ModelFileError } from "../core/models/ModelFileError.js";
import { BudgetError } from "../core/search/BudgetError.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { UnknownStrategyError } from "../core/search/UnknownStrategyError.js";
import { CAP_PARAMETERS, SAMPLING_DEFAULTS } from "../core/search/searchParameters.js";
import { flagOf } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";

/** How a failed command ends: its exit code and the one line shown (null when commander printed it already). */
export interface CliFailure {
  code: 1 | 2;
  line: string | null;
}

/** Errors in how the command was called. Everything else (a file, a model, the store) is a runtime error. */
const USAGE_ERRORS = [
  UsageError,
  InvalidArgumentError,
  UnknownStrategyError,
  SearchOptionError,
  BudgetError,
  ChatError,
  AnnotationOptionError,
];

/**
 * Turns an error into an exit code and one line for a person: 2 for a usage error (wrong flags, an --out that
 * holds a different sweep), 1 for the rest. A model file's line names its full path, since the user typed it.
 */
export function cliError(e: unknown): CliFailure {
  if (e instanceof CommanderError) return { code: 2, line: null };
  if (e instanceof SweepResumeError) return { code: 2, line: `mull: ${sweepResumeLine(e)}` };
  if (USAGE_ERRORS.some((type) => e instanceof type) || e instanceof AnnotationResumeError)
    return { code: 2, line: `mull: ${(e as Error).message}` };
  if (e instanceof ModelFileError) return { code: 1, line: `mull: ${e.file}: ${e.problem}` };
  if (e instanceof ProblemSetError) return { code: 1, line: `mull: ${e.message}` };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 1, line: `mull: ${message.split("\n")[0] ?? ""}` };
}

/** The flags of `mull sweep` that set each SweepConfig setting a resumed sweep must keep (SweepResumeError.field). */
const SWEEP_SETTING_FLAGS: Record<string, string> = {
  problemFile: "--set",
  prm: "--prm",
  seed: "--seed",
  caps: CAP_PARAMETERS.map((c) => `--${c.flag}`).join(", "),
  checkArithmetic: "--check-arithmetic (on or off)",
  sampling: Object.keys(SAMPLING_DEFAULTS)
    .map((name) => `--${flagOf(name)}`)
    .join(", "),
  policies: "--policies",
};

/** A sweep folder that cannot be resumed: what it holds, then the advice naming the flag to keep, not a field. */
export function sweepResumeLine(e: SweepResumeError): string {
  const flag = SWEEP_SETTING_FLAGS[e.field];
  const advice =
    e.advice === SweepResumeError.START_OVER || flag === undefined
      ? e.advice
      : `use another --out, or the same ${flag}`;
  return `${e.outDir}: ${e.problem}; ${advice}`;
}
