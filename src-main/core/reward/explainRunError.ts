import { ModelFileError } from "../models/ModelFileError.js";

/**
 * Turns an onnxruntime run failure into one line naming the model file. The common one gets a plain reading:
 * a token id past the model's embedding table (onnxruntime's Gather reports "idx=N must be within the inclusive
 * range [-R,R-1]"), which means the tokenizer belongs to a different model.
 */
export function explainRunError(modelPath: string, e: unknown): ModelFileError {
  const message = e instanceof Error ? e.message : String(e);
  const gather = /idx=(-?\d+) must be within the inclusive range \[-?\d+,(-?\d+)\]/.exec(message);
  if (gather) {
    const rows = Number(gather[2]) + 1;
    return new ModelFileError(
      modelPath,
      `token id ${gather[1]} is outside the model's vocabulary (${rows} embedding rows): the tokenizer does not match the model`,
    );
  }
  const line = message.replace(/\s+/g, " ").trim().slice(0, 240);
  return new ModelFileError(modelPath, `inference failed (${line})`);
}
