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

  /** The model being unloaded now (its path), so its button can say so. */
  unloading = $state<string | null>(null);
  /** Why the last unload was refused, with the model it was for; null after a successful one. */
  unloadError = $state<{ path: string; message: string } | null>(null);

  /**
   * Unloads a loaded model (its path as `resources` lists it) and reads the resources again; a model a run is
   * using is refused by the app, and the sentence saying so lands in `unloadError`.
   */
  async unload(path: string): Promise<void> {
    this.unloading = path;
    try {
      await this.#client.call("unloadModel", { path });
      this.unloadError = null;
    } catch (error) {
      this.unloadError = { path, message: errorMessage(error) };
    } finally {
      this.unloading = null;
    }
    await this.refresh();
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
