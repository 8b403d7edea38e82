import type { MullClient, ResourcesView } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";

/** RAM, VRAM, backend and KV cache, refreshed every few seconds while the Resources view is open. */
export class ResourcesStore {
  readonly #client: MullClient;
  resources = $state.raw<ResourcesView | null>(null);
  error = $state<string | null>(null);
  /** Date.now() of the last successful read. */
  updatedAt = $state<number | null>(null);
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(client: MullClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    try {
      this.resources = await this.#client.call("resources", {});
      this.updatedAt = Date.now();
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Refreshes now and then every `intervalMs` until the returned function is called. */
  watch(intervalMs = 2000): () => void {
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), intervalMs);
    return () => {
      if (this.#timer !== null) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}
