/**
 * The prompts of the embedded prover and of the direct-answer baseline (models/mull-prover.md). The recipe trains
 * on exactly these strings (models/recipes/proverData.ts), so they are defined once, here.
 */

/** The prover's prompt: the question, then the program follows (JSON under the DSL's grammar). */
export function programPrompt(question: string): string {
  return `Question: ${oneLine(question)}\nProgram:`;
}

/**
 * The prompt of a retry: the question, the rejected program (as the model wrote it, on one line) and its errors (one
 * line each, at most `MAX_FED_BACK`), then a new program. Proof of Thought's retry loop feeds the checker's and the
 * solver's errors back to the model with the program.
 */
export function retryPrompt(question: string, rejected: string, errors: readonly string[]): string {
  const lines = errors.slice(0, MAX_FED_BACK).map((e) => `Error: ${oneLine(e)}\n`);
  return `Question: ${oneLine(question)}\nRejected: ${oneLine(rejected)}\n${lines.join("")}Program:`;
}

/** The prompt of one statement (the prover's statement mode): a sentence of the question, then its formula. */
export function statementPrompt(sentence: string): string {
  return `Sentence: ${oneLine(sentence)}\nFormula:`;
}

/** A statement again, with the formula the model wrote for it and the checker's or solver's errors about it. */
export function statementRetryPrompt(sentence: string, rejected: string, errors: readonly string[]): string {
  const lines = errors.slice(0, MAX_FED_BACK).map((e) => `Error: ${oneLine(e)}\n`);
  return `Sentence: ${oneLine(sentence)}\nRejected: ${oneLine(rejected)}\n${lines.join("")}Formula:`;
}

/** Errors of a rejected program that go back to the model: the first ones, which the checker orders to act on. */
export const MAX_FED_BACK = 3;

/** The direct-answer baseline's prompt: the question, then `{"answer":true}` or `{"answer":false}`. */
export function directPrompt(question: string): string {
  return `Question: ${oneLine(question)}\nAnswer:`;
}

/** The schema the baseline answers under (node-llama-cpp grammar): one boolean. */
export const directAnswerSchema = {
  type: "object",
  properties: { answer: { type: "boolean" } },
} as const;

/** Questions are one line in the prompt: the model's prompts never have a line break inside the question. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
