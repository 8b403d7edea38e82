import type { IncomingMessage } from "node:http";

/**
 * Why a request without this launch's token is refused, and how to get back in: the usual cause is a tab left open
 * across a restart of `mull serve`, which makes a new token each launch. The JSON refusal and the page say the same.
 */
export const TOKEN_REFUSED_MESSAGE =
  "This Mull server was restarted or the link is old: open the address printed by `mull serve` (it carries a new token).";

/**
 * Whether a refused request is a person's browser loading a page (a reload, a bookmark, a typed address) rather
 * than the app's own call or asset: they get a page that explains, the app gets JSON it can show in place.
 */
export function isPageNavigation(req: IncomingMessage, pathname: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (pathname.startsWith("/api/")) return false;
  const mode = req.headers["sec-fetch-mode"];
  if (typeof mode === "string") return mode === "navigate";
  return (req.headers.accept ?? "").includes("text/html");
}

/**
 * The small page a browser gets instead of raw JSON when it opens the app without a valid token. No script or
 * inline style (the CSP allows neither), so it reads the same in any browser.
 */
export function tokenRefusedPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mull: open the new address</title>
</head>
<body>
<main data-testid="token-refused">
<h1>This Mull server was restarted, or the link is old</h1>
<p>Each launch of <code>mull serve</code> makes a new token, and this address carries an old one (or none).</p>
<p>Open the address printed by <code>mull serve</code> in its terminal: it carries the new token. If the server
is not running any more, start it again with <code>mull serve</code> and open the address it prints.</p>
</main>
</body>
</html>
`;
}
