import { ChatError } from "../chat/ChatError.js";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { ModelFileError } from "../models/ModelFileError.js";

/** An error as it crosses from the engine process: its class name, message and the fields its class carries. */
export interface EngineErrorJson {
  name: string;
  message: string;
  /** ModelFileError and ContextOverflowError: the model file at fault. */
  file?: string;
  /** ModelFileError: what is wrong with it. */
  problem?: string;
  /** ContextOverflowError: what did not fit, its tokens, the context size, and how to make room. */
  overflow?: { input: "prompt" | "PRM input"; tokens: number; contextSize: number; hint: string };
  /** ChatError: the request or profile field at fault. */
  field?: string;
}

/** What the engine process sends for an error: enough to rebuild the typed error on the other side. */
export function toEngineError(e: unknown): EngineErrorJson {
  if (e instanceof ContextOverflowError) {
    const { name, message, file, input, tokens, contextSize, hint } = e;
    return { name, message, file, overflow: { input, tokens, contextSize, hint } };
  }
  if (e instanceof ModelFileError) return { name: e.name, message: e.message, file: e.file, problem: e.problem };
  if (e instanceof ChatError) return { name: e.name, message: e.message, field: e.field };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: "Error", message: String(e) };
}

/**
 * The typed error an engine reply stands for, so callers in the app handle a model file's problem or a too-long
 * prompt the same whether the engine ran here or in the engine process. Other errors keep their name and message.
 */
export function fromEngineError(json: EngineErrorJson): Error {
  if (json.file !== undefined && json.overflow) {
    const { input, tokens, contextSize, hint } = json.overflow;
    return new ContextOverflowError(json.file, input, tokens, contextSize, hint);
  }
  if (json.file !== undefined && json.problem !== undefined) return new ModelFileError(json.file, json.problem);
  if (json.name === "ChatError" && json.field !== undefined) return new ChatError(json.message, json.field);
  return Object.assign(new Error(json.message), { name: json.name });
}
