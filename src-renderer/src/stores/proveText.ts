/**
 * Words the Prove view shows for a verdict: the names of facts and rules ("fact 1", "rules 2 and 5") and the one
 * sentence that says why the verdict is what it is. Pure functions of the contract's data, unit-tested.
 */

/** What the sentence needs of Z3's answer (the contract's z3 outcome). */
export interface Z3Answer {
  status: "sat" | "unsat" | "unknown";
  model?: Record<string, string> | string | undefined;
  core?: string[] | undefined;
  reason?: string | undefined;
}

/** The knowledge-base item a label or JSON Pointer names ("facts/0", "/rules/2/body/implies/0" → "rules/2"); else null. */
export function itemLabel(labelOrPointer: string): string | null {
  const match = /^\/?(facts|rules)\/(\d+)(?:\/|$)/.exec(labelOrPointer);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** A core label as a person counts: "facts/0" → "fact 1", "rules/4" → "rule 5"; anything else as it is. */
export function labelName(label: string): string {
  const match = /^(fact|rule)s\/(\d+)$/.exec(label);
  return match ? `${match[1]} ${Number(match[2]) + 1}` : label;
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * Core labels grouped as a person says them, facts first: ["rules/1", "rules/4", "facts/0"] → "fact 1 and rules 2
 * and 5". Empty for no labels.
 */
export function coreWords(labels: readonly string[]): string {
  const groups: string[] = [];
  for (const kind of ["fact", "rule"] as const) {
    const numbers = labels
      .map((label) => new RegExp(`^${kind}s/(\\d+)$`).exec(label))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]) + 1)
      .sort((a, b) => a - b);
    if (numbers.length === 1) groups.push(`${kind} ${numbers[0]}`);
    else if (numbers.length > 1) groups.push(`${kind}s ${listWords(numbers.map(String))}`);
  }
  const other = labels.filter((label) => itemLabel(label) === null);
  return listWords([...groups, ...other]);
}

/** A countermodel in one line: "entity = {Max, entity#2}; wumpus = {Max}; fast = {}". */
export function modelWords(model: Record<string, string> | string): string {
  if (typeof model === "string") return model;
  return Object.entries(model)
    .map(([name, value]) => `${name} = ${value}`)
    .join("; ");
}

/** The verdicts the view shows: the solver's three, and `error` when no program compiled. */
export type ShownVerdict = "true" | "false" | "unknown" | "error";

/** The verdict's heading: True, False, Unknown, No program compiled. */
export function verdictTitle(verdict: ShownVerdict): string {
  return { true: "True", false: "False", unknown: "Unknown", error: "No program compiled" }[verdict];
}

/**
 * One sentence saying why the verdict holds: for true/false the facts and rules Z3's unsat core used, for unknown
 * the countermodel (a world where the knowledge base holds and the claim is false: named when it is Z3's text, else
 * shown as a table under the sentence) or Z3's reason, for error how many programs were refused.
 */
export function verdictSentence(verdict: ShownVerdict, z3: Z3Answer | null, attempts: number): string {
  const core = z3?.core && z3.core.length > 0 ? ` with ${coreWords(z3.core)}` : "";
  switch (verdict) {
    case "true":
      return `The facts and rules entail the claim: Z3 found ¬claim unsatisfiable${core}.`;
    case "false":
      return `The facts and rules entail the claim's negation: Z3 found the claim unsatisfiable${core}.`;
    case "unknown":
      if (z3?.status === "sat" && typeof z3.model === "string")
        return `Neither the claim nor its negation follows: in this model the facts and rules hold and the claim is false: ${z3.model}.`;
      if (z3?.status === "sat" && z3.model !== undefined)
        return "Neither the claim nor its negation follows: in the countermodel below the facts and rules hold and the claim is false.";
      return `Z3 could not decide the claim${z3?.reason ? ` (${z3.reason})` : ""}.`;
    case "error":
      if (attempts === 0) return "The model wrote no program.";
      if (attempts === 1)
        return "The program the model wrote did not pass the checker and the solver: its errors are listed under Programs the model wrote.";
      return `None of the ${attempts} programs the model wrote passed the checker and the solver: their errors are listed under Programs the model wrote.`;
  }
}

/**
 * A streamed error line ("/rules/3/body: predicate yumpus expects 1 argument, got 2", formatProgramError's form) as
 * pointer and sentence; a line without a pointer is a whole-program error.
 */
export function parseErrorLine(line: string): { pointer: string; message: string } {
  const match = /^(\/\S*?): (.*)$/s.exec(line);
  return match ? { pointer: match[1]!, message: match[2]! } : { pointer: "", message: line };
}
