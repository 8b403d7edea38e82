import { isReadableAnswer } from "../core/domain/answerChecker.js";

/**
 * A warning for a typed reference answer the answer checker can read only as text (`seven apples`, `12 or 13`), or
 * null when it reads it as a number or expression (or it is empty). Such a reference is accepted, but no model
 * answer except that exact text would ever count as reaching it, so every label would be 0. The same check
 * (isReadableAnswer) `mull annotate` and loadProblemSet warn with for a problem file's answers.
 */
export function referenceWarning(reference: string): string | null {
  const text = reference.trim();
  if (text === "" || isReadableAnswer(text)) return null;
  return (
    `The answer checker cannot read ${JSON.stringify(text)} as a number or expression: ` +
    "only that exact text will be graded correct."
  );
}
