/** A solution read back from generated text. */
export interface ParsedSolution {
  /** Steps in order, the answer line included as the last one when there is one. */
  steps: string[];
  /** Group 1 of the answer pattern, when an answer line was written. */
  answer: string | undefined;
}

/** Splits text at the step delimiter and finds the answer line; blank steps are dropped. */
export function splitSteps(text: string, stepDelimiter: string, answerPattern: RegExp): ParsedSolution {
  const steps: string[] = [];
  let answer: string | undefined;
  for (const part of text.split(stepDelimiter)) {
    const step = part.trim();
    if (!step) continue;
    steps.push(step);
    const m = answerPattern.exec(step);
    if (m) {
      answer = (m[1] ?? m[0]).trim();
      break;
    }
  }
  return { steps, answer };
}
