import { checkCompareRequest } from "../../../src-main/api/checkRequest.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";
import { AnnotationSession } from "./AnnotationSession.svelte.js";
import { CompareReview } from "./CompareReview.svelte.js";
import { formFromRequest } from "./formFromRequest.js";
import { itemResult } from "./itemResult.js";
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

  /**
   * The run `reopen` is reading, until it is shown; null otherwise. A later reopen (or a new run) wins a race, and
   * the address names it from the start (`runId`), so a reload is not rewritten to `#/compare` while it loads.
   */
  opening = $state<number | null>(null);

  /** The run the view shows or is opening: what the address names (`#/compare/run/ID`); null for none. */
  get runId(): number | null {
    return this.opening ?? this.session.runId;
  }

  /**
   * Opens compare run `runId` as the address names it (a reload, back or forward), as SolveState.reopen does a
   * solve: one still running is followed again from its first event; a finished one shows each column's saved tree,
   * answer and candidates, with the request it was sent with in the form (the summary's reference is looked up by its
   * problem, the budget meters' caps are its caps), and its step labels (an annotation still going is followed again: see openAnnotations).
   * A run that cannot be read (deleted, not a compare) leaves the view empty with the reason in the error line.
   */
  async reopen(runId: number): Promise<void> {
    if (this.runId === runId) return;
    this.review.inspected = null;
    this.opening = runId;
    try {
      const detail = await this.#client.call("getRun", { runId });
      if (this.opening !== runId) return;
      this.opening = null;
      if (detail.run.kind !== "compare" || detail.rerun.kind !== "compare") {
        this.session.clear();
        this.session.error =
          detail.run.kind === "compare"
            ? `Run ${runId} cannot be shown here: ${detail.rerun.kind === null ? detail.rerun.reason : "it is not a compare"}.`
            : `Run ${runId} is a ${detail.run.kind} run, not a compare: open it in Experiments.`;
        return;
      }
      const { request } = detail.rerun;
      // The form shows what the run was sent with (its caps are the budget meters' limits).
      this.problem = request.problem;
      this.policies = [...request.policies];
      this.prm = request.prm ?? "";
      this.concurrent = request.concurrent;
      Object.assign(this.form, formFromRequest(request.search));
      if (detail.run.status === "running") return this.session.reattach(runId, request.policies);
      const seed = (detail.run.config as { seed?: number } | null)?.seed ?? 0;
      this.session.showSaved(
        runId,
        detail.run.status,
        request.policies.map((label, column) => {
          const item = detail.items.find((i) => i.key.startsWith(`${column}:`));
          const tree = item ? detail.trees[item.key] : undefined;
          return { label, tree, result: item ? itemResult(item, tree, seed) : null };
        }),
      );
    } catch (error) {
      if (this.opening !== runId) return;
      this.opening = null;
      this.session.clear();
      this.session.error = errorMessage(error);
    }
  }

  /** Goes back to no open run (`#/compare`), unless a run is going on: that one stays on screen. */
  close(): void {
    this.opening = null;
    if (!this.session.running) this.session.clear();
  }

  /** Run and Enter both come here, checked as the main side would (checkCompareRequest); see SolveState.run. */
  async run(): Promise<void> {
    if (this.session.running) return;
    const request = this.request;
    if (this.problem.trim() === "")
      return this.session.refuse("Type a problem or pick one from the test set.", "problem", request);
    const problem = checkCompareRequest(request);
    if (problem) return this.session.refuse(problem.message, problem.field ?? null, request);
    this.opening = null;
    await this.session.start([...this.policies], request, () => this.#client.call("startCompare", request));
  }
}
