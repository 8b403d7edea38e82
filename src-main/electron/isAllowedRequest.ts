const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const LOCAL_PROTOCOLS = new Set(["http:", "https:", "ws:", "wss:"]);

/**
 * Whether the app's session lets a request through: local files, DevTools, and a server on this machine (browser
 * mode, a dev server). Mull is local-first, so nothing goes to the network.
 */
export function isAllowedRequest(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "file:" || parsed.protocol === "devtools:") return true;
  return LOCAL_HOSTS.has(parsed.hostname) && LOCAL_PROTOCOLS.has(parsed.protocol);
}
