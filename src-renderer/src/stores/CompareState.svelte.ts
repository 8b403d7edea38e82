import { checkCompareRequest } from "../../../src-main/api/checkRequest.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";
import { AnnotationSession } from "./AnnotationSession.svelte.js";
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
  /** The Annotate action on each finished column of the run on screen: its step labels and the run's exports. */
  readonly annotation: AnnotationSession;
  /**
   * The store's item key of each column of the finished run `annotatable.runId` (`0:mull-policy-6m`), by column;
   * null for a column that saved no item (it failed). What Annotate names; read once the run has finished.
   */
  annotatable = $state.raw<{ runId: number; keys: (string | null)[] } | null>(null);

  constructor(client: MullClient) {
    this.#client = client;
    this.session = new RunSession(client);
    this.review = new CompareReview(client);
    this.annotation = new AnnotationSession(client);
  }

  /**
   * Reads finished compare `runId`'s items (their keys, `column:policy`), its saved step labels, and an annotation
   * still labelling it (followed again), so each column can be annotated. Once per run; a failure is the
   * annotation's error line.
   */
  async openAnnotations(runId: number): Promise<void> {
    if (this.annotatable?.runId === runId) return;
    this.annotatable = { runId, keys: [] };
    try {
      const detail = await this.#client.call("getRun", { runId });
      if (this.annotatable?.runId !== runId) return;
      const keys = this.session.columns.map(
        (_, column) => detail.items.find((item) => item.key.startsWith(`${column}:`))?.key ?? null,
      );
      this.annotatable = { runId, keys };
      if (detail.annotating) this.annotation.reattach(runId, detail.annotating, detail.annotations);
      else this.annotation.show(runId, detail.annotations);
    } catch (error) {
      this.annotation.show(runId, []);
      this.annotation.error = errorMessage(error);
    }
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
