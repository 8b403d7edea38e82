import { checkCompareRequest } from "../../../src-main/api/checkRequest.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import { CompareReview } from "./CompareReview.svelte.js";
import { RunSession } from "./RunSession.svelte.js";
import { SearchForm } from "./SearchForm.svelte.js";

/** The Compare view's settings and run: 2–4 policies on one problem, one search, one budget. */
export class CompareState {
  readonly #client: MullClient;
  problem = $state("Solve for x: 2x + 3 = 7");
  policies = $state<string[]>([]);
  prm = $state("");
  concurrent = $state(false);
  readonly form = new SearchForm();
  readonly session: RunSession;
  /** The inspector's node and the summary row's verdict on the run on screen. */
  readonly review: CompareReview;

  constructor(client: MullClient) {
    this.#client = client;
    this.session = new RunSession(client);
    this.review = new CompareReview(client);
  }

  /**
   * Picks the first two policies of the library when none were chosen yet. Nothing is written while the library is
   * still empty (not loaded yet): assigning a fresh empty array would change `policies`, which the calling effect
   * reads, and re-run it without end (Svelte's effect_update_depth_exceeded on opening `#/compare` directly).
   */
  defaultPolicies(available: readonly string[]): void {
    if (this.policies.length === 0 && available.length > 0) this.policies = available.slice(0, 2);
  }

  /** The compare request the form sets up now (what Run sends). */
  get request(): MethodInput<"startCompare"> {
    return {
      problem: this.problem,
      policies: [...this.policies],
      search: this.form.request,
      concurrent: this.concurrent,
      ...(this.prm ? { prm: this.prm } : {}),
    };
  }

  /** Run and Enter both come here, checked as the main side would (checkCompareRequest); see SolveState.run. */
  async run(): Promise<void> {
    if (this.session.running) return;
    const request = this.request;
    if (this.problem.trim() === "")
      return this.session.refuse("Type a problem or pick one from the test set.", "problem", request);
    const problem = checkCompareRequest(request);
    if (problem) return this.session.refuse(problem.message, problem.field ?? null, request);
    await this.session.start([...this.policies], request, () => this.#client.call("startCompare", request));
  }
}
