import { basename } from "node:path";

/**
 * A model, profile or tokenizer file that cannot be used. The message is the one line a person sees:
 * `<file>: <problem>`; `file` and `problem` stay available for structured errors in the UI.
 */
export class ModelFileError extends Error {
  override readonly name = "ModelFileError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${basename(file)}: ${problem}`);
  }
}
