import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { estimateFit, type FitModel, type FitOptions, type MemoryState } from "./estimateFit.js";
import { findProfile } from "./findProfile.js";
import { inferProfile } from "./inferProfile.js";
import type { ModelEntry } from "./ModelEntry.js";
import { readGgufHeader } from "./readGgufHeader.js";
import { readOnnxHeader } from "./readOnnxHeader.js";
import type { GgufHeader } from "./readGgufHeader.js";

/** Options of {@link describeModelFile}. */
export interface DescribeModelFileOptions {
  source: ModelEntry["source"];
  /** Memory to judge fit against; the caller reads it once per scan. */
  memory: MemoryState;
  /** Context size and sequences the fit is judged for. Default: see estimateFit. */
  fit?: FitOptions;
}

function fitModel(header: GgufHeader, sizeBytes: number): FitModel {
  const opt = (n: number | null) => n ?? undefined;
  return {
    modelBytes: sizeBytes,
    layers: opt(header.blockCount),
    embeddingLength: opt(header.embeddingLength),
    headCount: opt(header.headCount),
    headCountKv: opt(header.headCountKv),
    keyLength: opt(header.keyLength),
    valueLength: opt(header.valueLength),
    trainContextSize: opt(header.contextLength),
  };
}

/**
 * One model file as a library entry: header, profile (saved, else inferred), fit and problems. Never throws
 * and never hands the file to an engine: a broken file is an entry with a problem line.
 */
export async function describeModelFile(path: string, options: DescribeModelFileOptions): Promise<ModelEntry> {
  const format = extname(path).toLowerCase() === ".onnx" ? "onnx" : "gguf";
  let sizeBytes = 0;
  const problems: string[] = [];
  try {
    sizeBytes = statSync(path).size;
  } catch (e) {
    problems.push(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const read = problems.length
    ? {}
    : format === "gguf"
      ? await readGgufHeader(path).catch((e: unknown) => ({
          problem: `cannot read the GGUF header (${e instanceof Error ? e.message : String(e)})`,
          header: undefined,
        }))
      : readOnnxHeader(path);
  const header = read.header ?? null;
  if (read.problem) problems.push(read.problem);

  const found = findProfile(path);
  problems.push(...found.problems);
  let profile = found.profile;
  let profileInferred = false;
  // Guess only for a readable file with no saved profile: a broken profile must be fixed, not papered over.
  if (!found.exists && header && !read.problem) {
    const inferred = inferProfile(path, found.profilePath, header);
    profile = inferred.profile;
    profileInferred = profile !== undefined;
    if (inferred.problem) problems.push(inferred.problem);
  }

  const fit = !header
    ? undefined
    : header.format === "gguf"
      ? estimateFit(fitModel(header, sizeBytes), options.memory, options.fit)
      : // onnxruntime runs the PRM on the CPU execution provider, and an ONNX graph has no KV cache to size.
        estimateFit({ modelBytes: sizeBytes }, { ...options.memory, vram: null }, options.fit);
  const name = (header?.format === "gguf" ? header.name : null) ?? basename(path, extname(path));
  return {
    path,
    name,
    format,
    kind: profile?.kind ?? "unknown",
    source: options.source,
    sizeBytes,
    header,
    ...(profile ? { profile } : {}),
    profilePath: found.profilePath,
    profileInferred,
    ...(fit ? { fit } : {}),
    problems,
    usable: profile !== undefined && problems.length === 0,
  };
}
