import * as ort from "onnxruntime-node";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PrmProfile, Resolved } from "../models/profiles.js";
import { explainRunError } from "./explainRunError.js";

/**
 * One session.run over token rows of different lengths, right-padded to the longest with attention_mask 0 on
 * the padding. Returns the profile's output tensor, [rows, width, ...]. Run failures and a non-float output are
 * ModelFileErrors naming the model file.
 */
export async function runPaddedBatch(
  session: ort.InferenceSession,
  profile: Resolved<PrmProfile>,
  rows: readonly number[][],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * width);
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((tokens, row) =>
    tokens.forEach((t, i) => {
      ids[row * width + i] = BigInt(t);
      mask[row * width + i] = 1n;
    }),
  );
  const dims = [rows.length, width];
  const out = await session
    .run({
      [profile.inputs.ids]: new ort.Tensor("int64", ids, dims),
      [profile.inputs.mask]: new ort.Tensor("int64", mask, dims),
    })
    .catch((e: unknown) => {
      throw explainRunError(profile.modelPath, e);
    });
  const tensor = out[profile.output] as ort.Tensor;
  if (tensor.type !== "float32")
    throw new ModelFileError(profile.modelPath, `output "${profile.output}" is ${tensor.type}, expected float32`);
  return { data: tensor.data as Float32Array, dims: tensor.dims };
}
