import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";

/** Where something is in the editor's text: offsets in UTF-16 code units, `end` exclusive, and the line (from 1). */
export interface TextRange {
  start: number;
  end: number;
  line: number;
}

/**
 * The text of the node a checker error points at, so the editor can select it: the node at `pointer` (RFC 6901, as
 * the checker writes it: "/rules/2/body/implies/0") in the program's JSON text, read with jsonc-parser's offsets;
 * for a JSON syntax error ("…: line 5, column 17: …") the character it names. The nearest node that exists when the
 * pointer goes past the text (a missing key points at its object). Null when neither can be found (the text changed
 * since the check, a whole-program error).
 */
export function errorRange(text: string, error: { pointer: string; message: string }): TextRange | null {
  return errorRanges(text, [error])[0] ?? null;
}

/** errorRange for each of `errors`, reading the text once (the checker returns up to 100 errors). */
export function errorRanges(
  text: string,
  errors: readonly { pointer: string; message: string }[],
): (TextRange | null)[] {
  let root: Node | undefined | null = null;
  return errors.map((error) => {
    root ??= parseTree(text);
    return locate(text, root, error);
  });
}

function locate(text: string, root: Node | undefined, error: { pointer: string; message: string }): TextRange | null {
  const syntax = /line (\d+), column (\d+)/.exec(error.message);
  if (error.pointer === "" && syntax) return characterAt(text, Number(syntax[1]), Number(syntax[2]));
  if (error.pointer === "" || !root) return null;
  const path = error.pointer
    .split("/")
    .slice(1)
    .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((key) => (/^(0|[1-9]\d*)$/.test(key) ? Number(key) : key));
  // The checker may point one step past what is written (a missing "args" of a formula): show its parent then.
  for (let depth = path.length; depth > 0; depth--) {
    const node: Node | undefined = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return range(text, node.offset, node.offset + node.length);
  }
  return null;
}

function range(text: string, start: number, end: number): TextRange {
  return { start, end, line: text.slice(0, start).split("\n").length };
}

/** The character at `line`, `column` (both from 1), clamped to the text. */
function characterAt(text: string, line: number, column: number): TextRange {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) break;
    offset = next + 1;
  }
  const start = Math.min(text.length, offset + column - 1);
  return range(text, start, Math.min(text.length, start + 1));
}
