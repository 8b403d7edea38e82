import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { UsageError } from "./UsageError.js";

/**
 * An output file (`--out`) must be writable before any work starts, not after it has run: a folder, a missing
 * folder, or one (or a file) that cannot be written is refused as a UsageError naming the flag and the path.
 */
export function checkWritable(file: string, flag = "out"): void {
  const folder = dirname(resolvePath(file));
  if (existsSync(file) && statSync(file).isDirectory())
    throw new UsageError(`--${flag}: ${file} is a folder; give a file name`, flag);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UsageError(`--${flag}: ${file}: the folder ${folder} does not exist`, flag);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--${flag}: ${file}: the folder ${folder} is not writable`, flag);
  }
  if (existsSync(file))
    try {
      accessSync(file, constants.W_OK);
    } catch {
      throw new UsageError(`--${flag}: ${file} is not writable`, flag);
    }
}
