import type { ApiError } from "../../../src-main/api/ApiError.js";

/** A failed call as the renderer sees it: the contract's ApiError, thrown so that callers can `catch` it. */
export class MullCallError extends Error implements ApiError {
  readonly field?: string;
  readonly kind: ApiError["kind"];

  constructor(error: ApiError) {
    super(error.message);
    this.name = "MullCallError";
    this.kind = error.kind;
    if (error.field !== undefined) this.field = error.field;
  }
}

/** Any rejection as a MullCallError: the preload rejects with a plain ApiError object, other failures are Errors. */
export function toCallError(error: unknown): MullCallError {
  if (error instanceof MullCallError) return error;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const { field, kind } = error as { field?: unknown; kind?: unknown };
    return new MullCallError({
      message: error.message,
      kind: kind === "input" ? "input" : "runtime",
      ...(typeof field === "string" ? { field } : {}),
    });
  }
  return new MullCallError({ message: String(error), kind: "runtime" });
}

/** One sentence for a person, whatever was thrown (an ApiError, an Error, a string). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string")
    return error.message;
  return String(error);
}
