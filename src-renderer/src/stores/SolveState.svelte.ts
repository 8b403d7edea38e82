import type { MullClient } from "../../../src-main/api/mullApi.js";
import { RunSession } from "./RunSession.svelte.js";
import { SearchForm } from "./SearchForm.svelte.js";

/** What the Solve view holds across tab switches: the problem, the models, the search, the run, the inspector. */
export class SolveState {
  readonly #client: MullClient;
  problem = $state("Solve for x: 2x + 3 = 7");
  policy = $state("");
  prm = $state("");
  readonly form = new SearchForm();
  readonly session: RunSession;
  /** The node open in the inspector; null when closed. */
  inspected = $state<number | null>(null);

  constructor(client: MullClient) {
    this.#client = client;
    this.session = new RunSession(client);
  }

  async run(): Promise<void> {
    if (this.session.running) return;
    if (this.problem.trim() === "")
      return this.session.refuse("Type a problem or pick one from the test set.", "problem");
    this.inspected = null;
    const request = {
      problem: this.problem,
      search: this.form.request,
      ...(this.policy ? { policy: this.policy } : {}),
      ...(this.prm ? { prm: this.prm } : {}),
    };
    await this.session.start([this.policy || "policy"], () => this.#client.call("startSolve", request));
  }
}
