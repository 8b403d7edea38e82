import DOMPurify from "dompurify";
import { Marked } from "marked";
import markedKatex from "marked-katex-extension";

// Markdown by marked, math by KaTeX as MathML (no inline styles and no web fonts, so it renders under the app's CSP,
// which allows neither), then DOMPurify: what a model writes is never trusted as HTML. Links and images are kept as
// their text only: nothing in a conversation can make the app fetch or open anything.
const marked = new Marked(
  { gfm: true, breaks: true, async: false },
  markedKatex({ throwOnError: false, output: "mathml", nonStandard: true }),
);

/** A bare `\boxed{…}` (as math models write the answer outside `$…$`) made inline math, so KaTeX draws the box. */
function boxBareAnswers(text: string): string {
  return text.replace(
    /(^|[^$\\])(\\boxed\{(?:[^{}]|\{[^{}]*\})*\})/g,
    (_m, before: string, box: string) => `${before}$${box}$`,
  );
}

/** Markdown and math to sanitized HTML for `{@html}`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(boxBareAnswers(text)) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS: ["a", "img", "style", "form", "input", "button", "iframe"],
    FORBID_ATTR: ["style", "href", "src", "srcset"],
    KEEP_CONTENT: true,
  });
}
