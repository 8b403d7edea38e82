import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { TOKEN_COOKIE, TOKEN_HEADER, TOKEN_QUERY } from "../api/httpProtocol.js";

/** The token a request carries: the `x-mull-token` header, the `?token=` query, or the `mull_token` cookie. */
export function requestTokens(headers: IncomingHttpHeaders, url: URL): string[] {
  const found: string[] = [];
  const header = headers[TOKEN_HEADER];
  if (typeof header === "string") found.push(header);
  const query = url.searchParams.get(TOKEN_QUERY);
  if (query !== null) found.push(query);
  for (const part of (headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === TOKEN_COOKIE) found.push(decodeURIComponent(value.join("=")));
  }
  return found;
}

/** Compares in constant time, so the answer's timing says nothing about how much of a guess was right. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether a request may go on: one of the tokens it carries is this launch's. Any one suffices, because cookies
 * ignore ports: a cookie left by an earlier `mull serve` on another port must not lock out the fresh URL.
 */
export function hasValidToken(headers: IncomingHttpHeaders, url: URL, token: string): boolean {
  return requestTokens(headers, url).some((t) => same(t, token));
}
