import * as ort from "onnxruntime-node";
import { ModelFileError } from "../models/ModelFileError.js";
import { explainRunError } from "./explainRunError.js";
import type { KvRun, KvState, KvTensorShape } from "./PrmKvCache.js";

/** Input prefix of the past key/value tensors; each `past_key_values.X` has its output `present.X`. */
const PAST = "past_key_values.";
const PRESENT = "present.";
/** The PRM's own running state beside the keys/values (models/recipes/export_prm_kv.py). */
const PAST_STATE = "past_state";
const STATE = "state";

/**
 * How a cached-form PRM (the standard decoder export: inputs input_ids, attention_mask over past + new tokens,
 * past_key_values.* [batch, heads, past, headDim]; outputs the scores for the new tokens and present.* [batch,
 * heads, past + new, headDim]) names and shapes its past, plus its running state: input past_state [batch,
 * width], output state [batch, new, width].
 */
export interface KvLayout {
  past: string[];
  present: string[];
  shapes: KvTensorShape[];
  stateWidth: number;
}

/**
 * Reads the cached form's layout from a session; a model without it is a ModelFileError naming what is missing.
 * Heads and head size must be fixed in the file (they size the cache), as an export from a fixed config has them.
 */
export function readKvLayout(session: ort.InferenceSession, modelPath: string): KvLayout {
  const past = session.inputNames.filter((n) => n.startsWith(PAST)).sort(byLayer);
  if (past.length === 0)
    throw new ModelFileError(modelPath, `has no "${PAST}*" inputs: not a cached (past key/values) export`);
  const missing = [...past.map((n) => PRESENT + n.slice(PAST.length)), STATE].find(
    (n) => !session.outputNames.includes(n),
  );
  if (missing) throw new ModelFileError(modelPath, `has no output "${missing}" for its cached inputs`);
  if (!session.inputNames.includes(PAST_STATE)) throw new ModelFileError(modelPath, `has no input "${PAST_STATE}"`);
  const dims = (name: string) => {
    const meta = session.inputMetadata.find((m) => m.name === name);
    return meta?.isTensor ? meta.shape : [];
  };
  const shapes = past.map((name) => {
    const [, heads, , headDim] = dims(name);
    if (typeof heads !== "number" || typeof headDim !== "number")
      throw new ModelFileError(
        modelPath,
        `input "${name}" needs fixed heads and head size, got [${dims(name).join(", ")}]`,
      );
    return { heads, headDim };
  });
  const width = dims(PAST_STATE)[1];
  if (typeof width !== "number") throw new ModelFileError(modelPath, `input "${PAST_STATE}" needs a fixed width`);
  return { past, present: past.map((n) => PRESENT + n.slice(PAST.length)), shapes, stateWidth: width };
}

/** One row of a cached run: the new tokens, after the past `from` (all rows of a run share its length). */
export interface CachedRow {
  tokens: readonly number[];
  from: KvState | undefined;
}

/** The outputs of a cached run, with per-row readers. */
export interface CachedRun {
  /** The scores output for the new tokens, [rows, width, ...]. */
  scores: { data: Float32Array; dims: readonly number[] };
  /** Keys/values and running state after each token of row `row`'s new tokens (padding left out). */
  rowRun(row: number): KvRun;
}

/**
 * One session.run over rows that share a past length: their pasts stacked on the batch, their new tokens
 * right-padded (attention_mask 0 there; the model is causal, so padding cannot reach a real token). `output` names
 * the scores. Run failures and non-float outputs are ModelFileErrors naming the model file.
 */
export async function runCachedBatch(
  session: ort.InferenceSession,
  modelPath: string,
  layout: KvLayout,
  names: { ids: string; mask: string; output: string },
  rows: readonly CachedRow[],
): Promise<CachedRun> {
  const past = rows[0]?.from?.length ?? 0;
  if (rows.some((r) => (r.from?.length ?? 0) !== past))
    throw new RangeError("rows of a cached run share a past length");
  const width = Math.max(...rows.map((r) => r.tokens.length));
  const total = past + width;
  const ids = new BigInt64Array(rows.length * width);
  const mask = new BigInt64Array(rows.length * total);
  rows.forEach((row, r) => {
    mask.fill(1n, r * total, r * total + past + row.tokens.length);
    row.tokens.forEach((t, i) => (ids[r * width + i] = BigInt(t)));
  });
  const feeds: Record<string, ort.Tensor> = {
    [names.ids]: new ort.Tensor("int64", ids, [rows.length, width]),
    [names.mask]: new ort.Tensor("int64", mask, [rows.length, total]),
  };
  const state = new Float32Array(rows.length * layout.stateWidth);
  rows.forEach((row, r) => row.from && state.set(row.from.state, r * layout.stateWidth));
  feeds[PAST_STATE] = new ort.Tensor("float32", state, [rows.length, layout.stateWidth]);
  layout.past.forEach((name, j) => {
    const { heads, headDim } = layout.shapes[j] as KvTensorShape;
    const size = heads * past * headDim;
    const data = new Float32Array(rows.length * size);
    rows.forEach((row, r) => row.from && data.set(row.from.tensors[j] as Float32Array, r * size));
    feeds[name] = new ort.Tensor("float32", data, [rows.length, heads, past, headDim]);
  });
  const out = await session.run(feeds).catch((e: unknown) => {
    throw explainRunError(modelPath, e);
  });
  const float = (name: string) => {
    const t = out[name] as ort.Tensor | undefined;
    if (t?.type !== "float32") throw new ModelFileError(modelPath, `output "${name}" is ${t?.type}, expected float32`);
    return t.data as Float32Array;
  };
  const scores = out[names.output] as ort.Tensor;
  float(names.output);
  const presents = layout.present.map(float);
  const states = float(STATE);
  return {
    scores: { data: scores.data as Float32Array, dims: scores.dims },
    rowRun(row) {
      const n = rows[row]?.tokens.length ?? 0;
      const tensors = layout.shapes.map(({ heads, headDim }, j) => {
        const data = presents[j] as Float32Array;
        const piece = new Float32Array(heads * n * headDim);
        for (let h = 0; h < heads; h++) {
          const from = ((row * heads + h) * total + past) * headDim;
          piece.set(data.subarray(from, from + n * headDim), h * n * headDim);
        }
        return piece;
      });
      const at = row * width * layout.stateWidth;
      return { tensors, states: states.slice(at, at + n * layout.stateWidth) };
    },
  };
}

/** past_key_values.10.key after past_key_values.9.value: by layer number, then key before value. */
function byLayer(a: string, b: string): number {
  const layer = (n: string) => Number(/\.(\d+)\./.exec(n)?.[1] ?? 0);
  return layer(a) - layer(b) || a.localeCompare(b);
}
