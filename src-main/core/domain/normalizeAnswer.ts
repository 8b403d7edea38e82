import { lastBoxed } from "./lastBoxed.js";

/**
 * Minus signs other than ASCII `-` that models and people write: U+2212 minus, figure and en dashes, small and
 * full-width hyphen-minus.
 */
const MINUS_SIGNS = /[\u2212\u2012\u2013\uFE63\uFF0D]/g;

/**
 * A number's trailing unit words: "12 dollars", "5 square feet", "3 cm^2", "402 pages". Two letters at least: a
 * single letter after a space is a variable ("3 x").
 */
const TRAILING_UNITS = /^(.*[\d})])\s+(?:[a-zA-Z]{2,}\.?\s*)+(?:\^\s*\{?\d+\}?)?$/;

/** `\text{...}` / `\mbox{...}` after a value: MATH writes units this way (`5\text{ cm}`, `3 \mbox{ inches}^2`). */
const TRAILING_TEXT_UNITS = /^(.+?)\s*\\(?:text|textnormal|textrm|mbox)\{[^{}]*\}(?:\^\s*\{?\d+\}?)?$/;

/**
 * An answer as text in the form graders compare: the normalisations of Hendrycks et al.'s MATH `is_equiv`
 * (`_strip_string`) and OpenAI's PRM800K grader (`_normalize`), done on the string so that the LaTeX parser
 * (see answerChecker) gets a plain expression:
 * - the last `\boxed{}` / `\fbox{}`, when there is one (lastBoxed);
 * - line breaks, `\!`, `\,` `\;` `\:` `~` `\quad` spaces, `\left` / `\right`;
 * - `\dfrac` / `\tfrac` to `\frac`;
 * - degrees (`^\circ`, `^{\circ}`, `°`), percent (`%`, `\%`) and dollars (`$`, `\$`) dropped, as both graders do:
 *   `50%` reads as 50, not 0.5, and `-$5` as -5;
 * - Unicode minus signs (`−3`) to `-`;
 * - thousands separators (`1,200`, `1{,}200`) dropped where a comma is followed by exactly three digits;
 * - a leading `x =` / `k=` / `\theta =` (one symbol, optionally subscripted);
 * - units after a value: `\text{ cm}` or `\mbox{...}`, and trailing words (`12 dollars`, `5 square feet`);
 * - an enclosing `\text{...}` (text answers) and a trailing full stop.
 * The result is trimmed; spaces inside are kept (the parser reads them), case is kept (`\Pi` is not `\pi`).
 */
export function normalizeAnswer(text: string): string {
  let t = lastBoxed(text) ?? text;
  t = t.replace(/\r?\n/g, " ").replace(MINUS_SIGNS, "-");
  t = t.replace(/\\!/g, "").replace(/\\[,;: ]|~|\\q?quad(?![a-zA-Z])/g, " ");
  t = t.replace(/\\[dt]frac(?![a-zA-Z])/g, "\\frac").replace(/\\(?:left|right)(?![a-zA-Z])/g, "");
  t = t.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|°|\\degree(?![a-zA-Z])/g, "");
  t = t.replace(/\\?%/g, "").replace(/\\?\$/g, "");
  t = t.replace(/\{,\}/g, ",");
  // Thousands separators, not tuple commas: "1,200" and "12,345,678", never "1,2" or "(1, 200)".
  for (let prev = ""; prev !== t;) [prev, t] = [t, t.replace(/(\d),(\d{3})(?!\d)/g, "$1$2")];
  t = t.trim().replace(/\.$/, "").trim();
  t = t.replace(/^(?:\\[a-zA-Z]+|[a-zA-Z])(?:_\{?\w+\}?)?\s*=\s*(?=\S)/, "");
  t = t.replace(TRAILING_TEXT_UNITS, "$1");
  const whole = /^\\(?:text|textnormal|textrm|mbox)\{([^{}]*)\}$/.exec(t);
  if (whole) t = whole[1] as string;
  t = t.replace(TRAILING_UNITS, "$1");
  return t.trim().replace(/\.$/, "").trim();
}
