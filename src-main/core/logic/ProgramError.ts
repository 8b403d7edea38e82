/**
 * One thing wrong with a Proof of Thought program, in a form both a person and the model that wrote the program can
 * act on: where (a JSON Pointer into the program) and what (one plain sentence).
 */
export interface ProgramError {
  /** RFC 6901 JSON Pointer of the offending node in the program ("/rules/3/body/implies/1"); "" for the whole program. */
  pointer: string;
  /** One plain sentence, e.g. "predicate yumpus expects 1 argument, got 2". */
  message: string;
  /**
   * json: the text is not JSON; schema: the JSON is not shaped like a program; type: names, sorts, arities and
   * bindings do not fit together; limit: a LogicLimits bound was passed; solver: Z3 found the knowledge base
   * contradictory (or could not run).
   */
  kind: "json" | "schema" | "type" | "limit" | "solver";
  /** For a contradictory knowledge base: the labels ("facts/0", "rules/2") of the facts and rules that contradict. */
  core?: string[];
}

/** One line: "/rules/3/body/implies/1: predicate yumpus expects 1 argument, got 2" (just the message for ""). */
export function formatProgramError(e: ProgramError): string {
  return e.pointer === "" ? e.message : `${e.pointer}: ${e.message}`;
}

/** The JSON Pointer (RFC 6901) of a path of keys and indices: "~" is written "~0" and "/" is written "~1". */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((key) => "/" + String(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}
