/** Where JSON.parse failed, for a person: 1-based line and column, and V8's reason without its position text. */
export interface JsonSyntaxPlace {
  line: number;
  column: number;
  /** V8's message, shortened: "Unexpected token '}'", "Expected ',' or '}' after property value". */
  reason: string;
}

/**
 * The line, column and reason of JSON.parse's `error` on `text`, so that every "not valid JSON" message (a program
 * file, a memory schema) names the place to fix instead of V8's character offset ("at position 49") or its echo of
 * the text. Where V8 gives no position, a small scanner of JSON's tokens finds the first bad character.
 */
export function jsonSyntaxPlace(text: string, error: unknown): JsonSyntaxPlace {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = raw.replace(/ in JSON at position \d+.*$/s, "").replace(/^(Unexpected token '.+?'), .*$/s, "$1");
  const match = /at position (\d+)/.exec(raw);
  const position = match ? Number(match[1]) : /end of JSON input/.test(raw) ? text.length : firstBadPosition(text);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return { line, column, reason };
}

/**
 * Where a JSON text first goes wrong, for the messages in which V8 gives no position ("Unexpected token 'x'"): a
 * small scanner of JSON's tokens that follows the grammar only as far as needed to find the first bad character.
 */
function firstBadPosition(text: string): number {
  const stack: ("{" | "[")[] = [];
  let i = 0;
  let expect: "value" | "key" | "colon" | "after" = "value";
  const skipSpace = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= text.length) return i;
    const c = text[i]!;
    if (expect === "value") {
      if (c === "{" || c === "[") {
        stack.push(c);
        i++;
        skipSpace();
        if (text[i] === (c === "{" ? "}" : "]")) {
          stack.pop();
          i++;
          expect = "after";
        } else expect = c === "{" ? "key" : "value";
        continue;
      }
      const literal =
        /^(?:"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
          text.slice(i, i + 100_000),
        );
      if (!literal) {
        // Point past the part of a misspelt literal that is right ("tru}" goes wrong at "}"), as V8's token does.
        const word = /^[a-z]*/.exec(text.slice(i, i + 6))![0];
        const right = ["true", "false", "null"].map((w) => commonPrefix(w, word)).reduce((a, b) => Math.max(a, b), 0);
        return i + right;
      }
      i += literal[0].length;
      expect = "after";
    } else if (expect === "key") {
      const key = /^"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i, i + 100_000));
      if (!key) return i;
      i += key[0].length;
      expect = "colon";
    } else if (expect === "colon") {
      if (c !== ":") return i;
      i++;
      expect = "value";
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i; // text after the end of the value
      if (c === ",") {
        i++;
        expect = top === "{" ? "key" : "value";
      } else if ((top === "{" && c === "}") || (top === "[" && c === "]")) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
