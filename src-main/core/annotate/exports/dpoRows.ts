import type { AnnotatedSolution } from "../AnnotatedSolution.js";
import type { DpoRow } from "./exportSchemas.js";
import type { PolicyPrompt } from "./PolicyPrompt.js";

/**
 * Preference pairs from the solutions of one problem set (TRL's DPOTrainer rows: `prompt`, `chosen`, `rejected`):
 * per problem (by its text, so one prompt), its distinct correct solutions against its distinct wrong ones (a wrong
 * answer, or none), the policy's own prompt as sft writes it. Each solution is in at least one pair and no more pairs are made than the
 * larger side has (the i-th correct with the i-th wrong, the shorter side reused in turn): all C × W pairs would let
 * one problem with many leaves outweigh the rest. A problem without both a correct and a wrong solution gives none.
 */
export function dpoRows(solutions: readonly AnnotatedSolution[], policy: PolicyPrompt): DpoRow[] {
  const byProblem = new Map<string, { problem: string; chosen: Set<string>; rejected: Set<string> }>();
  for (const s of solutions) {
    if (s.steps.length === 0) continue;
    const entry = byProblem.get(s.problem) ?? { problem: s.problem, chosen: new Set(), rejected: new Set() };
    byProblem.set(s.problem, entry);
    (s.correct ? entry.chosen : entry.rejected).add(s.steps.join(policy.stepDelimiter));
  }
  const rows: DpoRow[] = [];
  for (const { problem, chosen, rejected } of byProblem.values()) {
    const good = [...chosen];
    const bad = [...rejected].filter((r) => !chosen.has(r));
    const prompt = policy.prompt(problem);
    for (let i = 0; i < Math.max(good.length, bad.length) && good.length > 0 && bad.length > 0; i++)
      rows.push({ prompt, chosen: good[i % good.length] as string, rejected: bad[i % bad.length] as string });
  }
  return rows;
}
