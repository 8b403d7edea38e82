import { checkSolveRequest } from "../../../src-main/api/checkRequest.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
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

  /** The solve request the form sets up now (what Run sends). */
  get request(): MethodInput<"startSolve"> {
    return {
      problem: this.problem,
      search: this.form.request,
      ...(this.policy ? { policy: this.policy } : {}),
      ...(this.prm ? { prm: this.prm } : {}),
    };
  }

  /**
   * Run and Enter both come here: the request is checked as the main side would check it (checkSolveRequest), so
   * both refuse with the same sentence, and a refused request leaves the last run on screen.
   */
  async run(): Promise<void> {
    if (this.session.running) return;
    const request = this.request;
    if (this.problem.trim() === "")
      return this.session.refuse("Type a problem or pick one from the test set.", "problem", request);
    const problem = checkSolveRequest(request);
    if (problem) return this.session.refuse(problem.message, problem.field ?? null, request);
    this.inspected = null;
    await this.session.start([this.policy || "policy"], request, () => this.#client.call("startSolve", request));
  }
}
