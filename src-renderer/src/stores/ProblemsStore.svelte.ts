import type { MullClient, ProblemView } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";

/** The embedded test set, offered by the Solve and Compare views. Loaded once. */
export class ProblemsStore {
  readonly #client: MullClient;
  problems = $state.raw<ProblemView[]>([]);
  error = $state<string | null>(null);
  #loaded = false;

  constructor(client: MullClient) {
    this.#client = client;
  }

  async load(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      this.problems = await this.#client.call("listProblems", { set: "test", limit: 200 });
      this.error = null;
    } catch (error) {
      this.#loaded = false;
      this.error = errorMessage(error);
    }
  }
}
