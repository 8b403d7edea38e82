import { readdirSync, realpathSync, statSync } from "node:fs";
import { extname, join } from "node:path";

/** Options of {@link findModelFiles}. */
export interface FindModelFilesOptions {
  /** File extensions that count as models, lower case with the dot. Default `.gguf` and `.onnx`. */
  extensions?: readonly string[];
  /** How many folder levels below the root to look. Default 8: deep enough for hub-style trees, bounded. */
  maxDepth?: number;
}

const DEFAULT_EXTENSIONS = [".gguf", ".onnx"];

/** Folders that never hold a user's models and can be huge. Hidden folders (`.git`, `.cache`) are skipped too. */
const SKIPPED = new Set(["node_modules"]);

/**
 * Model files under `root`, recursively, sorted. A missing or unreadable folder yields nothing rather than an
 * error: a user models folder that was never created is the normal case. Symbolic links are followed (people
 * link multi-gigabyte models in rather than copy them), each real folder once, so a link loop ends.
 */
export function findModelFiles(root: string, options: FindModelFilesOptions = {}): string[] {
  const extensions = new Set(options.extensions ?? DEFAULT_EXTENSIONS);
  const maxDepth = options.maxDepth ?? 8;
  const seen = new Set<string>();
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith(".") || SKIPPED.has(name)) continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue; // a dangling link
      }
      if (stat.isDirectory()) {
        if (depth < maxDepth) walk(path, depth + 1);
      } else if (stat.isFile() && extensions.has(extname(name).toLowerCase())) {
        found.push(path);
      }
    }
  };
  walk(root, 0);
  return found;
}
