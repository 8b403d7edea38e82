import { lastBoxed } from "./lastBoxed.js";

/** The global copy of each answer pattern, made once: splitSteps runs on every generated token. */
const globalCopies = new WeakMap<RegExp, RegExp>();

/**
 * The final answer a text states, by a profile's `answerPattern`: group 1 (else the whole match) of the pattern's
 * LAST match, as graders take the last `\boxed{}` of a solution (MATH, PRM800K). When what matched holds a
 * `\boxed{}` or `\fbox{}`, the answer is that box's contents, braces matched at any depth (lastBoxed): a
 * pattern such as `(\\boxed\{[\s\S]*\})` then reads `\boxed{1} ... \boxed{\frac{1}{\sqrt{2}}}` as
 * `\frac{1}{\sqrt{2}}`, which no regular expression can do for every depth. Undefined when nothing matches.
 */
export function extractAnswer(text: string, pattern: RegExp): string | undefined {
  let global = globalCopies.get(pattern);
  if (!global) {
    global = pattern.global ? pattern : new RegExp(pattern.source, pattern.flags + "g");
    globalCopies.set(pattern, global);
  }
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(global)) last = m;
  if (!last) return undefined;
  const found = (last[1] ?? last[0]).trim();
  return /\\(?:boxed|fbox)/.test(found) ? (lastBoxed(found) ?? found).trim() : found;
}
