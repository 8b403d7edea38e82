import { ChatError } from "./ChatError.js";

/** How an answer line is written: the cue that opens it and the text that closes it around the answer. */
export interface AnswerLine {
  /** What the engine appends to make the model answer now ("Answer: ", "\boxed{"). */
  cue: string;
  /** What follows the answer on its line ("" for `Answer: 42`, "}" for `\boxed{42}`). */
  close: string;
}

/**
 * The answer line of a profile: its `answerCue` when it has one; else the literal text of its `answerPattern`
 * before and after the answer group: `^Answer: (.+)$` gives cue "Answer: " and close "", `\\boxed\{(.+?)\}` gives
 * "\boxed{" and "}". Used to end `steps` reasoning when its budget is spent, and to write earlier answers back into a
 * raw conversation the way the model writes them.
 *
 * @throws ChatError (field `answerCue`) when the pattern does not start with literal text before its first group.
 */
export function answerLine(profile: { answerPattern: string; answerCue?: string | undefined }): AnswerLine {
  const source = profile.answerPattern.replace(/^\^/, "");
  const open = source.indexOf("(");
  const end = matchingParen(source, open);
  const after = end < 0 ? undefined : literal(source.slice(end + 1).replace(/\$$/, ""));
  const close = after ?? "";
  if (profile.answerCue !== undefined) return { cue: profile.answerCue, close };
  const cue = open < 0 ? undefined : literal(source.slice(0, open));
  if (cue === undefined || cue === "")
    throw new ChatError(
      `the answer pattern ${JSON.stringify(profile.answerPattern)} does not start with plain text before its answer ` +
        `group, so the answer cue cannot be derived: give the profile an "answerCue" (the text the answer line starts with)`,
      "answerCue",
    );
  return { cue, close };
}

/** The text a regular-expression fragment matches when it is plain (escaped punctuation allowed); else undefined. */
function literal(fragment: string): string | undefined {
  let text = "";
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i] as string;
    if (c === "\\") {
      const next = fragment[i + 1];
      // An escaped punctuation mark is itself; \d, \s, \w and the like are classes, not text.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      text += next;
      i++;
    } else if (".*+?[](){}|^$".includes(c)) return undefined;
    else text += c;
  }
  return text;
}

/** Index of the parenthesis closing the group opened at `open` (escapes skipped); -1 when there is none. */
function matchingParen(source: string, open: number): number {
  if (open < 0) return -1;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}
