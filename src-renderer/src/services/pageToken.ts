import { TOKEN_QUERY } from "../../../src-main/api/httpProtocol.js";

/** The token `mull serve` printed in the page URL (`/?token=…`), or null. */
export function pageToken(search: string): string | null {
  return new URLSearchParams(search).get(TOKEN_QUERY);
}
