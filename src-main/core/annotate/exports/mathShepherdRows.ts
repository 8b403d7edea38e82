import type { AnnotatedSolution } from "../AnnotatedSolution.js";
import { MATH_SHEPHERD_TASK, STEP_TAG, type MathShepherdRow } from "./exportSchemas.js";
import { labelledPrefix } from "./knownHardLabels.js";

/**
 * One solution as a row of the Math-Shepherd dataset (peiyi9979/Math-Shepherd; Wang et al. 2024): `input` is the
 * problem, a space, then the steps one per line, each followed by ` ки`; `label` is the same text with each tag
 * replaced by `+` (hard label 1) or `-` (0); `task` is "step-math". Steps after a wrong one keep their own labels
 * (the dataset labels every step); the row ends before the first step with no label. Null when no step is
 * labelled, or when the text itself holds the tag (a reader could not tell the steps apart).
 */
export function mathShepherdRow(solution: AnnotatedSolution): MathShepherdRow | null {
  const { steps, labels } = labelledPrefix(solution, false);
  if (steps.length === 0 || [solution.problem, ...steps].some((t) => t.includes(STEP_TAG))) return null;
  const text = (marks: string[]) => `${solution.problem} ${steps.map((s, i) => `${s} ${marks[i]}`).join("\n")}`;
  return {
    input: text(steps.map(() => STEP_TAG)),
    label: text(labels.map((l) => (l ? "+" : "-"))),
    task: MATH_SHEPHERD_TASK,
  };
}
