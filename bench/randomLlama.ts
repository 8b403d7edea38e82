// A random-weight llama-architecture GGUF written at bench time, for figures that depend on a model's size and not on
// its weights (batchSpeedup: batching pays only when decoding one token is bound by reading the weights from memory,
// which the embedded 6M model, 7 MB of weights, is not). Written once by models/recipes/random_llama.py (llama.cpp's
// gguf-py) into a cache outside the checkout, named by its shape, and reused.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { EMBEDDED } from "../src-main/core/models/embeddedModels.js";
import { loadPolicyProfile } from "../src-main/core/models/profiles.js";
import { validateGguf } from "../src-main/core/models/validateGguf.js";

/** Matrix storage of a random model: llama.cpp's F16 or Q8_0 (32 weights and one F16 scale per 34-byte block). */
export type RandomLlamaType = "f16" | "q8_0";

/** The shape of a random-weight llama model (multi-head attention, SwiGLU feed-forward, untied output). */
export interface RandomLlamaShape {
  /** Embedding width. A multiple of `heads` (and of 32 for Q8_0). */
  dim: number;
  layers: number;
  heads: number;
  /** Feed-forward width. A multiple of 32 for Q8_0. */
  ff: number;
  /** Training context written into the GGUF (`llama.context_length`), in tokens. */
  context: number;
  type: RandomLlamaType;
}

/**
 * The model `npm run bench` measures batching on: 206M parameters, 220 MB of Q8_0 weights, the embedded 6M policy's
 * 512-token vocabulary; 16 layers of width 1024 (about the shape of the smallest common llama models). Decoding one
 * token reads every weight once: 220 MB per token at ~43 tokens/s on one thread here is ~9 GB/s, a memory-bound
 * rate, while the 6M policy's 7 MB stay in cache. Q8_0 rather than F16: llama.cpp's CPU kernels for a batch of F16
 * rows were the slower side here (8 concurrent candidates 1.3× on two threads, against ~2× for Q8_0 on one), and
 * Q8_0 is the type the embedded models ship in. `--memory-bound-type f16` measures the F16 file of the same shape.
 */
export const MEMORY_BOUND_SHAPE: RandomLlamaShape = {
  dim: 1024,
  layers: 16,
  heads: 16,
  ff: 2816,
  context: 256,
  type: "q8_0",
};

/** Q8_0 quantizes rows in blocks of 32 weights (gguf-py's quants.quantize refuses anything else). */
const Q8_0_BLOCK = 32;

/** Throws a RangeError naming the first field of `shape` that is not a valid model shape. */
export function checkShape(shape: RandomLlamaShape): void {
  for (const field of ["dim", "layers", "heads", "ff", "context"] as const) {
    const v = shape[field];
    if (!Number.isSafeInteger(v) || v < 1)
      throw new RangeError(`random model: ${field} must be a positive integer, got ${v}`);
  }
  if (shape.type !== "f16" && shape.type !== "q8_0")
    throw new RangeError(`random model: type must be "f16" or "q8_0", got ${String(shape.type)}`);
  if (shape.dim % shape.heads !== 0)
    throw new RangeError(`random model: dim ${shape.dim} is not a multiple of heads ${shape.heads}`);
  // llama.cpp's rotary embedding rotates pairs of dimensions in each head.
  if ((shape.dim / shape.heads) % 2 !== 0)
    throw new RangeError(`random model: the head width dim / heads = ${shape.dim / shape.heads} must be even`);
  if (shape.type === "q8_0")
    for (const field of ["dim", "ff"] as const)
      if (shape[field] % Q8_0_BLOCK !== 0)
        throw new RangeError(`random model: Q8_0 needs ${field} to be a multiple of 32, got ${shape[field]}`);
}

/**
 * Parameters of a model of this shape and vocabulary size: token embedding and output matrix (vocab × dim each), per
 * layer four dim × dim attention matrices, three dim × ff feed-forward matrices and two norms, and the final norm.
 */
export function randomLlamaParameters(shape: RandomLlamaShape, vocab: number): number {
  const { dim, ff, layers } = shape;
  return 2 * vocab * dim + layers * (4 * dim * dim + 3 * dim * ff + 2 * dim) + dim;
}

/** The cache file's name: every field of the shape, so a changed shape writes a new file and never reuses an old one. */
export function randomLlamaFileName(shape: RandomLlamaShape): string {
  checkShape(shape);
  const { dim, layers, heads, ff, context, type } = shape;
  return `random-llama-d${dim}-l${layers}-h${heads}-ff${ff}-c${context}-${type}.gguf`;
}

/** `${XDG_CACHE_HOME:-~/.cache}/mull/bench`: outside the checkout, beside llama.cpp's source (bench/buildLlamaServer). */
export function benchCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "mull", "bench");
}

/** A random model ready to load. */
export interface RandomLlama {
  shape: RandomLlamaShape;
  gguf: string;
  /** A policy profile for it (the embedded 6M policy's prompt, delimiter and limits), beside the GGUF. */
  profile: string;
  /** Counted from the GGUF's tensors. */
  parameters: number;
  bytes: number;
  /** Seconds spent writing it in this call; null when a cached file was reused. */
  writeSeconds: number | null;
}

export interface EnsureRandomLlamaOptions {
  /** Where the file is cached. Default benchCacheDir(). */
  dir?: string;
  /** A Python with numpy. Default Debian's /usr/bin/python3 (the recipes' interpreter; shared/ENVIRONMENT.md). */
  python?: string;
  /** Said before a file is written (it takes seconds, and this is why a run pauses). */
  onWrite?: (path: string) => void;
}

const recipe = join(import.meta.dirname, "../models/recipes/random_llama.py");

/**
 * The cached random model of this shape, written first when absent (models/recipes/random_llama.py, with the
 * embedded 6M policy's vocabulary). A write that fails is an Error naming the file, the interpreter and the
 * script's last line of output (gguf-py's source missing, numpy missing). A GGUF the header check refuses is a
 * ModelFileError, as for any model.
 */
export async function ensureRandomLlama(
  shape: RandomLlamaShape,
  options: EnsureRandomLlamaOptions = {},
): Promise<RandomLlama> {
  const dir = options.dir ?? benchCacheDir();
  const gguf = join(dir, randomLlamaFileName(shape));
  let writeSeconds: number | null = null;
  if (!existsSync(gguf)) {
    mkdirSync(dir, { recursive: true });
    options.onWrite?.(gguf);
    const python = options.python ?? "/usr/bin/python3";
    const args = [recipe, gguf, "--vocab-from", loadPolicyProfile(EMBEDDED.policyLarge).modelPath];
    for (const field of ["dim", "layers", "heads", "ff", "context", "type"] as const)
      args.push(`--${field}`, String(shape[field]));
    const started = performance.now();
    try {
      await promisify(execFile)(python, args, { maxBuffer: 16 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      const last = (err.stderr ?? "").trim().split("\n").at(-1) || err.message;
      throw new Error(`could not write the random model ${gguf} with ${python} ${basename(recipe)}: ${last}`);
    }
    writeSeconds = (performance.now() - started) / 1000;
  }
  const profile = gguf.replace(/\.gguf$/, ".profile.json");
  writeProfile(profile, basename(gguf));
  const info = await validateGguf(gguf);
  const parameters = (info.fullTensorInfo ?? info.tensorInfo ?? []).reduce(
    (n, t) => n + t.dimensions.reduce((m: number, d) => m * Number(d), 1),
    0,
  );
  return { shape, gguf, profile, parameters, bytes: statSync(gguf).size, writeSeconds };
}

/**
 * The embedded 6M policy's profile with `model` pointing at the random GGUF: same prompt, step delimiter and
 * limits, so the bench calls the random model exactly as it calls the embedded one. Rewritten on every call (it is
 * small) so it follows the embedded profile; written beside and renamed over, so a concurrent reader never sees half.
 */
function writeProfile(path: string, model: string): void {
  const embedded = JSON.parse(readFileSync(EMBEDDED.policyLarge, "utf8")) as Record<string, unknown>;
  const profile = {
    ...embedded,
    model,
    description: "Random weights, for speed measurements only (bench/randomLlama.ts): its text is noise.",
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(tmp, path);
}
