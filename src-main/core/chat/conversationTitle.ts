/** Longest title taken from a conversation's first message, in characters. */
const TITLE_CHARS = 60;

/**
 * A conversation's title as shown in lists and tables: one line (newlines and runs of spaces become one space),
 * cut with "…" past `maxChars` (default 60, for a title taken from a first message; a rename passes Infinity).
 */
export function conversationTitle(text: string, maxChars = TITLE_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > maxChars ? line.slice(0, maxChars - 1) + "…" : line;
}
