import { basename } from "node:path";
import { ZodError } from "zod";
import type { ApiError } from "../api/ApiError.js";
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

/** The first line of a message, without a trailing period (the UI shows it as one sentence). */
function line(message: string): string {
  return (message.split("\n")[0] ?? "").trim();
}

/** A zod issue's path as a request field: `search.caps.nodes`, `policies.1`. */
function issueField(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/**
 * Turns whatever a handler threw into the ApiError a boundary sends: bad input (a schema failure, an option that
 * does not apply, a model file that cannot be used) names its field with kind `input`; anything that failed
 * while running is kind `runtime`. Every message is one line.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    const field = issue ? issueField(issue.path) : undefined;
    const what = issue?.code === "unrecognized_keys" ? `unknown field ${issue.keys.join(", ")}` : issue?.message;
    return { kind: "input", message: field ? `${field}: ${what}` : line(what ?? e.message), ...(field && { field }) };
  }
  if (e instanceof InputError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof ChatError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof ReadInputError) return { kind: "input", field: e.field, message: line(e.message) };
  if (e instanceof SchemaError) return { kind: "input", field: "schema", message: line(e.message) };
  if (e instanceof SearchOptionError) return { kind: "input", field: e.field, message: line(e.problem) };
  if (e instanceof BudgetError) return { kind: "input", field: `search.caps.${e.field}`, message: line(e.message) };
  if (e instanceof UnknownStrategyError) return { kind: "input", field: "search.strategy", message: line(e.message) };
  if (e instanceof ContextOverflowError) return { kind: "input", field: "problem", message: line(e.message) };
  if (e instanceof ModelFileError) return { kind: "runtime", message: `${basename(e.file)}: ${line(e.problem)}` };
  if (e instanceof SweepResumeError) return { kind: "runtime", message: `${e.outDir}: ${line(e.problem)}` };
  if (e instanceof StoreError || e instanceof ProblemSetError || e instanceof EngineCrashError)
    return { kind: "runtime", message: line(e.message) };
  return { kind: "runtime", message: line(e instanceof Error ? e.message : String(e)) || "unknown error" };
}
