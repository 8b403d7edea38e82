import { basename } from "node:path";
import { ZodError } from "zod";
import type { ApiError } from "../api/ApiError.js";
import { asSentence } from "../api/checkRequest.js";
import { describeZodError } from "../api/describeZodError.js";
import { EngineCrashError } from "../core/engine/EngineCrashError.js";
import { ProblemSetError } from "../core/domain/loadProblemSet.js";
import { SweepResumeError } from "../core/experiments/SweepResumeError.js";
import { ContextOverflowError } from "../core/models/ContextOverflowError.js";
import { ModelFileError } from "../core/models/ModelFileError.js";
import { BudgetError } from "../core/search/BudgetError.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { UnknownStrategyError } from "../core/search/UnknownStrategyError.js";
import { StoreError } from "../core/store/StoreError.js";
import { InputError } from "./InputError.js";
import { ChatError } from "../core/chat/ChatError.js";
import { ReadInputError } from "../core/memory/readDocument.js";
import { SchemaError } from "../core/memory/memorySchema.js";
import { AnnotationOptionError } from "../core/annotate/AnnotationOptionError.js";

/** The first line of a message, without a trailing period (the UI shows it as one sentence). */
function line(message: string): string {
  return (message.split("\n")[0] ?? "").trim();
}

/**
 * Turns whatever a handler threw into the ApiError a boundary sends (`input`: the request as sent, so a schema
 * failure can quote the value given): bad input (a schema failure, an option that
 * does not apply, a model file that cannot be used) names its field with kind `input`; anything that failed
 * while running is kind `runtime`. Every message is one line.
 */
export function toApiError(e: unknown, input?: unknown): ApiError {
  // A schema failure as a plain sentence naming the field by its label and the value sent (describeZodError).
  if (e instanceof ZodError) return { kind: "input", ...describeZodError(e, input) };
  if (e instanceof InputError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof ChatError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof ReadInputError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof SchemaError) return { kind: "input", field: "schema", message: line(e.message) };
  if (e instanceof AnnotationOptionError)
    return { kind: "input", field: e.field, message: asSentence(`${e.field} ${line(e.problem)}`) };
  if (e instanceof SearchOptionError) return { kind: "input", field: e.field, message: asSentence(line(e.problem)) };
  if (e instanceof BudgetError) return { kind: "input", field: `search.caps.${e.field}`, message: line(e.message) };
  if (e instanceof UnknownStrategyError) return { kind: "input", field: "search.strategy", message: line(e.message) };
  if (e instanceof ContextOverflowError) return { kind: "input", field: "problem", message: line(e.message) };
  if (e instanceof ModelFileError) return { kind: "runtime", message: `${basename(e.file)}: ${line(e.problem)}` };
  if (e instanceof SweepResumeError) return { kind: "runtime", message: `${e.outDir}: ${line(e.problem)}` };
  if (e instanceof StoreError || e instanceof ProblemSetError || e instanceof EngineCrashError)
    return { kind: "runtime", message: line(e.message) };
  return { kind: "runtime", message: line(e instanceof Error ? e.message : String(e)) || "unknown error" };
}
