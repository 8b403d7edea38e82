import { answersMatch } from "../core/domain/answerChecker.js";

/**
 * The answer checker (answersMatch) over a compare's answers: `agree` when every answer is present and equivalent
 * to the first (`4` and `4.0` agree); with a reference, `correct[i]` says whether answer i is right (null when
 * there is no answer). Runs on the main side, so the renderer never bundles the checker's Compute Engine.
 */
export function checkAnswers(
  answers: readonly (string | null)[],
  reference: string | null,
): { agree: boolean; correct: (boolean | null)[] | null } {
  const [first] = answers;
  const agree =
    typeof first === "string" && answers.every((a) => typeof a === "string" && (a === first || answersMatch(a, first)));
  const correct = reference === null ? null : answers.map((a) => (a === null ? null : answersMatch(a, reference)));
  return { agree, correct };
}
