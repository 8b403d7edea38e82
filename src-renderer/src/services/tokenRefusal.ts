/**
 * Who hears that Mull's server refused this page's token: the usual cause is `mull serve` restarted (each launch
 * makes a new token) while this tab stayed open. The HTTP client tells; the connection store listens and the app
 * shows a banner. A plain listener list, so the service layer needs nothing from the stores.
 */
const listeners = new Set<(message: string) => void>();

/** Listens for refusals; returns how to stop. */
export function onTokenRefused(listener: (message: string) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tells every listener that the server refused the token, with the server's sentence. */
export function tokenRefused(message: string): void {
  for (const listener of listeners) listener(message);
}
