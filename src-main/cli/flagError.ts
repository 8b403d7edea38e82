import { ProblemSetError } from "../core/domain/loadProblemSet.js";
import { ModelFileError } from "../core/models/ModelFileError.js";
import { UsageError } from "./UsageError.js";

/**
 * A file named on the command line that cannot be used, as the usage error (exit 2) that names the flag and the
 * file: `--set: <file>:<line>: <problem>` for a problem set (ProblemSetError), `--policy: <file>: <problem>` for a
 * model or profile (ModelFileError). Bad input is the caller's to fix, as an unknown flag is, so every command
 * refuses it the same way before any work starts. Any other error is returned unchanged, to be rethrown.
 *
 * @param flag the option without its dashes (`set`, `policy`, `policies`, `prm`, `direct`), or null for a
 *   positional argument (`mull models add FILE`): the line then names only the file
 */
export function flagError(flag: string | null, e: unknown): unknown {
  const prefix = flag === null ? "" : `--${flag}: `;
  const field = flag ?? "file";
  if (e instanceof ModelFileError) return new UsageError(`${prefix}${e.file}: ${e.problem}`, field);
  if (e instanceof ProblemSetError) return new UsageError(`${prefix}${e.message}`, field);
  return e;
}
