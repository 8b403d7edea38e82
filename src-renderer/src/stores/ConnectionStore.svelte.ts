import { onTokenRefused } from "../services/tokenRefusal.js";

/**
 * Whether this tab can still talk to its server: `refused` holds the sentence to show once the server has
 * refused the page's token (a restarted `mull serve`), with how to get back in; null while all is well.
 */
export class ConnectionStore {
  refused = $state<string | null>(null);
  /** Set when the person closed the notice: later refusals (every call fails alike) do not bring it back. */
  dismissed = $state(false);
  /** The sentence the banner shows now: null while all is well or once closed. */
  shown = $derived(this.dismissed ? null : this.refused);

  constructor(listen: typeof onTokenRefused = onTokenRefused) {
    listen((message) => (this.refused = message));
  }

  /** Closes the notice for the rest of this page's life (a reload with the new address clears the cause). */
  dismiss(): void {
    this.dismissed = true;
  }
}

/** The app's one connection store, fed by the transport. */
export const connection = new ConnectionStore();
