import DOMPurify from "dompurify";
import katex from "katex";

/**
 * One formula's LaTeX as sanitized MathML for `{@html}`. MathML output (no HTML layer): it needs neither KaTeX's
 * inline styles nor its web fonts, which the app's Content-Security-Policy refuses (as renderMarkdown does for chat).
 * A formula KaTeX cannot parse is drawn as its source in red (throwOnError false), never an exception. The LaTeX
 * is built on the main side from a program a model wrote, so it is sanitized like any model text.
 */
export function renderLatex(latex: string): string {
  const html = katex.renderToString(latex, { output: "mathml", throwOnError: false, displayMode: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_ATTR: ["style", "href", "src"],
  });
}
