/**
 * The names a program for `question` may use when names are copied from the question (programGrammarSchemaFor):
 * every word of the question as written, in lower case, and without a plural ending ("wumpuses" → "wumpus",
 * "cats" → "cat"), plus the few names every program of the embedded prover uses whatever the question (`fixed`: the
 * sort, the bound variable, the verification's name). In order of first appearance, no repeats.
 */
export function questionNames(question: string, fixed: readonly string[] = ["entity", "x", "claim"]): string[] {
  const out = new Set<string>(fixed);
  for (const word of question.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    out.add(word);
    const lower = word.toLowerCase();
    out.add(lower);
    if (lower.endsWith("es") && lower.length > 3) out.add(lower.slice(0, -2));
    else if (lower.endsWith("s") && lower.length > 2) out.add(lower.slice(0, -1));
  }
  return [...out];
}
