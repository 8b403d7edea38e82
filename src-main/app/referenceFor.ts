import { loadProblemSet } from "../core/domain/loadProblemSet.js";
import { PROBLEM_SETS } from "../core/models/embeddedModels.js";

let references: Map<string, string> | undefined;

/**
 * The reference answer of a problem typed (or picked) for a solve or a compare, when its text is one of the bundled
 * test or dev problems (as the Solve view's problem list offers them, or pasted from it); null otherwise. The sets
 * are read once, on first use. A set that cannot be read gives no references: a solve never fails for want of one.
 */
export function referenceFor(problem: string): string | null {
  if (references === undefined) {
    references = new Map();
    for (const file of [PROBLEM_SETS.test, PROBLEM_SETS.dev]) {
      try {
        for (const p of loadProblemSet(file))
          if (!references.has(p.problem.trim())) references.set(p.problem.trim(), p.answer);
      } catch {
        // Not there (a trimmed install): problems from it simply have no reference.
      }
    }
  }
  return references.get(problem.trim()) ?? null;
}
