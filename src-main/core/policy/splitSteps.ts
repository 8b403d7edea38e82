import { extractAnswer } from "../domain/extractAnswer.js";

/** A solution read back from generated text. */
export interface ParsedSolution {
  /** Steps in order, the answer line included as the last one when there is one. */
  steps: string[];
  /** Group 1 of the answer pattern, when an answer line was written. */
  answer: string | undefined;
}

/**
 * Splits text at the step delimiter and finds the answer step (the first step the answer pattern matches: it ends
 * the solution); blank steps are dropped. Within that step the pattern's last match is the answer (extractAnswer).
 */
export function splitSteps(text: string, stepDelimiter: string, answerPattern: RegExp): ParsedSolution {
  const steps: string[] = [];
  let answer: string | undefined;
  for (const part of text.split(stepDelimiter)) {
    const step = part.trim();
    if (!step) continue;
    steps.push(step);
    answer = extractAnswer(step, answerPattern);
    if (answer !== undefined) break;
  }
  return { steps, answer };
}
