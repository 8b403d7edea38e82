import type { ProgramCheck } from "../../../src-main/api/mullApi.js";
import type { SavedProve } from "../../../src-main/api/wireTypes.js";
import { coreWords, verdictSentence, verdictTitle, type ShownVerdict } from "./proveText.js";

/** What the verdict panel shows: its colour, heading, one sentence why, and where it came from. */
export interface VerdictView {
  verdict: ShownVerdict;
  title: string;
  sentence: string;
  meta: string;
  /** Labels ("facts/0", "rules/2") of the facts and rules to mark in the first-order logic. */
  core: string[];
  /** For unknown: the countermodel, name by name (each sort's individuals, each predicate's extension). */
  model?: Record<string, string>;
}

/**
 * The verdict panel for what is shown: a checked program's outcome (the model's accepted program, or the edited one
 * after Check again), or else a run that ended with no program compiled (or cancelled). Null when there is nothing
 * to say yet. Only the first verification's verdict is the headline (the embedded prover writes one claim).
 */
export function verdictView(
  outcome: { source: "model" | "edited"; check: ProgramCheck } | null,
  run: SavedProve | null,
): VerdictView | null {
  if (outcome) {
    const program = outcome.source === "model" ? "the model's program" : "the edited program";
    const { check } = outcome;
    if (!check.ok) {
      const first = check.errors[0];
      const core = first?.core ?? [];
      return {
        verdict: "error",
        title: "Refused",
        sentence:
          core.length > 0
            ? `The facts and rules contradict each other (${coreWords(core)}), so they would prove every claim: remove or correct one of them.`
            : `${first?.message ?? "The program was refused"}.`,
        meta: `${program} · checked in ${check.ms} ms`,
        core,
      };
    }
    const first = check.verdicts?.[0];
    if (!first)
      return {
        verdict: "unknown",
        title: "No claim",
        sentence: "The program has no verifications: there is nothing to decide.",
        meta: program,
        core: [],
      };
    return {
      verdict: first.verdict,
      title: verdictTitle(first.verdict),
      sentence: verdictSentence(first.verdict, first.z3, 1),
      meta: `${program} · Z3 ${first.z3.status} in ${first.z3.ms} ms`,
      core: first.z3.core ?? [],
      ...(first.verdict === "unknown" && typeof first.z3.model === "object" && { model: first.z3.model }),
    };
  }
  if (!run || run.program) return null;
  const attempts = run.attempts.length;
  if (run.stoppedBy === "cancelled")
    return {
      verdict: "error",
      title: "Cancelled",
      sentence: `The run was cancelled after ${attempts} program${attempts === 1 ? "" : "s"}, none of them accepted.`,
      meta: run.proverName,
      core: [],
    };
  return {
    verdict: "error",
    title: verdictTitle("error"),
    // No attempt at all: the question was refused before the model wrote anything (e.g. it has no claim).
    sentence:
      attempts === 0 && run.errors[0]
        ? `The question was not tried: ${run.errors[0]}.`
        : verdictSentence("error", null, attempts),
    meta: `${run.proverName} · ${run.retries} retr${run.retries === 1 ? "y" : "ies"}`,
    core: [],
  };
}
