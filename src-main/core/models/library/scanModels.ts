import { realpathSync } from "node:fs";
import { MODELS_DIR } from "../embeddedModels.js";
import { describeModelFile } from "./describeModelFile.js";
import type { FitOptions, MemoryState } from "./estimateFit.js";
import { findModelFiles } from "./findModelFiles.js";
import type { ModelEntry } from "./ModelEntry.js";
import { readMemoryState } from "./readMemoryState.js";
import { userModelsDir } from "./userModelsDir.js";

/** Options of {@link scanModels}. */
export interface ScanModelsOptions {
  /** The bundled models folder. Default MODELS_DIR (models/ in the app). */
  bundledDir?: string;
  /** The user's models folder, or null to list bundled models only. Default userModelsDir() (MULL_USER_MODELS). */
  userDir?: string | null;
  /**
   * Memory to judge fit against. Default: free RAM from the OS and no VRAM, so that listing never loads
   * llama.cpp; pass readMemoryState(llama) with a loaded GPU build to judge GPU offload.
   */
  memory?: MemoryState;
  /** Context size and parallel sequences to judge fit for. Default: see estimateFit. */
  fit?: FitOptions;
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Lists the GGUF and ONNX models in the bundled and user folders, bundled first, each from its header alone.
 * Never throws for a bad file or folder: problems are lines in the entries. A file reachable from both folders
 * (a user folder inside models/, a link) is listed once, as bundled.
 */
export async function scanModels(options: ScanModelsOptions = {}): Promise<ModelEntry[]> {
  const userDir = options.userDir === undefined ? userModelsDir() : options.userDir;
  const memory = options.memory ?? (await readMemoryState());
  const roots: [string, ModelEntry["source"]][] = [[options.bundledDir ?? MODELS_DIR, "bundled"]];
  if (userDir !== null) roots.push([userDir, "user"]);
  const seen = new Set<string>();
  const entries: ModelEntry[] = [];
  for (const [root, source] of roots) {
    // The bundled models sit at the top of models/; below it are the recipes' working files (checkpoints of
    // earlier training stages on a developer's machine), which are not models to offer.
    for (const path of findModelFiles(root, { maxDepth: source === "bundled" ? 0 : undefined })) {
      const real = realpath(path);
      if (seen.has(real)) continue;
      seen.add(real);
      // One file at a time: headers are small, and parallel reads of large files would only thrash the disk.
      entries.push(await describeModelFile(path, { source, memory, ...(options.fit ? { fit: options.fit } : {}) }));
    }
  }
  return entries;
}
