import { onTokenRefused } from "../services/tokenRefusal.js";

/**
 * Whether this tab can still talk to its server: `refused` holds the sentence to show once the server has
 * refused the page's token (a restarted `mull serve`), with how to get back in; null while all is well.
 */
export class ConnectionStore {
  refused = $state<string | null>(null);

  constructor(listen: typeof onTokenRefused = onTokenRefused) {
    listen((message) => (this.refused = message));
  }
}

/** The app's one connection store, fed by the transport. */
export const connection = new ConnectionStore();
