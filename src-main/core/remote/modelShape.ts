import type { GgufFileInfo } from "node-llama-cpp";
import { tensorBytes } from "../models/validateGguf.js";

/**
 * A model's shape as llama-server reports it in `/v1/models` `data[].meta` (tools/server/server-context.cpp):
 * `n_embd` (llama_model_n_embd_inp, the embedding width), `n_ctx_train` (the trained context, tokens),
 * `n_params` (llama_model_n_params, every tensor's element count summed) and `size` (llama_model_size, bytes of
 * tensor data). Each is undefined where the server does not report it (vLLM, SGLang, an older llama-server).
 */
export interface ModelShape {
  n_embd?: number | undefined;
  n_ctx_train?: number | undefined;
  n_params?: number | undefined;
  size?: number | undefined;
}

/** The fields compared, in the order a mismatch is reported, with the GGUF key a message names. */
export const SHAPE_FIELDS = ["n_embd", "n_ctx_train", "n_params", "size"] as const;
export type ShapeField = (typeof SHAPE_FIELDS)[number];

/**
 * The same shape read from a local GGUF's header (validateGguf's GgufFileInfo): `{arch}.embedding_length` (times
 * 1 + `{arch}.n_deepstack_layers` where present, as llama.cpp widens the input; gemma4-assistant's override of the
 * input width is not modelled), `{arch}.context_length`, the tensors' element counts summed, and their data bytes
 * summed (undefined when a tensor has a ggml type whose block size Mull does not know, or when the header carries no
 * tensor list).
 */
export function localModelShape(info: GgufFileInfo): ModelShape {
  const arch = info.architectureMetadata as {
    embedding_length?: unknown;
    context_length?: unknown;
    n_deepstack_layers?: unknown;
  };
  const tensors = info.fullTensorInfo ?? info.tensorInfo;
  const number = (v: unknown): number | undefined =>
    typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined;
  let size: number | undefined;
  let params: number | undefined;
  if (tensors && tensors.length > 0) {
    params = tensors.reduce((n, t) => n + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0);
    const bytes = tensors.map(tensorBytes);
    size = bytes.every((b) => b !== undefined) ? bytes.reduce<number>((n, b) => n + (b as number), 0) : undefined;
  }
  // llama-server reports the input width (llama_hparams::n_embd_inp): Qwen3-VL's deepstack layers widen it.
  const width = number(arch.embedding_length);
  const n_embd = width === undefined ? undefined : width * (1 + (number(arch.n_deepstack_layers) ?? 0));
  return { n_embd, n_ctx_train: number(arch.context_length), n_params: params, size };
}

/** One field on which a served model and a local GGUF differ. */
export interface ShapeMismatch {
  field: ShapeField;
  served: number;
  local: number;
}

/**
 * The first field on which the model a server serves differs from the local GGUF, or undefined when they agree.
 * A field either side does not give (a server that does not report it, a GGUF header without it) is not checked:
 * two models with the same tokenizer can only be told apart by what the server chooses to report.
 */
export function shapeMismatch(served: ModelShape, local: ModelShape): ShapeMismatch | undefined {
  for (const field of SHAPE_FIELDS) {
    const s = served[field];
    const l = local[field];
    if (s !== undefined && l !== undefined && s !== l) return { field, served: s, local: l };
  }
  return undefined;
}
