import type { AnnotatedSolution } from "../AnnotatedSolution.js";
import type { TrlPrmRow } from "./exportSchemas.js";
import { labelledPrefix } from "./knownHardLabels.js";

/**
 * One solution as a row of TRL's stepwise supervision format (`prompt` = the problem, `completions` = its steps,
 * `labels` = their hard labels as booleans), cut after its first wrong step as PRM800K and OmegaPRM train, and
 * before its first step with no label. Null when not even its first step is labelled.
 */
export function trlPrmRow(solution: AnnotatedSolution): TrlPrmRow | null {
  const { steps, labels } = labelledPrefix(solution, true);
  return steps.length === 0 ? null : { prompt: solution.problem, completions: steps, labels };
}
