import { checkSolveRequest } from "../../../src-main/api/checkRequest.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";
import { AnnotationSession } from "./AnnotationSession.svelte.js";
import { formFromRequest } from "./formFromRequest.js";
import { itemResult } from "./itemResult.js";
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
  /** The Annotate action on the shown run: its step labels and exports. */
  readonly annotation: AnnotationSession;
  /** The node open in the inspector; null when closed. */
  inspected = $state<number | null>(null);

  constructor(client: MullClient) {
    this.#client = client;
    this.session = new RunSession(client);
    this.annotation = new AnnotationSession(client);
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
   * Opens solve run `runId` as the address names it (a reload, back or forward): a run the main side is still
   * running is followed again from its first event; a finished one shows its saved tree, answer and candidates, and
   * its step labels; either way the form shows the request it was sent with (an annotation still going is followed again the same way).
   * Already open: nothing to do. A run that cannot be read (deleted, not a solve) leaves the view empty with the
   * reason in the error line.
   */
  async reopen(runId: number): Promise<void> {
    if (this.runId === runId) return;
    this.inspected = null;
    this.opening = runId;
    try {
      const detail = await this.#client.call("getRun", { runId });
      if (this.opening !== runId) return;
      this.opening = null;
      if (detail.run.kind !== "solve") {
        this.session.clear();
        this.session.error = `Run ${runId} is a ${detail.run.kind} run, not a solve: open it in Experiments.`;
        return;
      }
      // The form shows what the run was sent with (problem, models, strategy, parameters, seed, caps), as Compare's
      // reopen does: a run opened by its address in a fresh browser must not show another problem's saved form.
      if (detail.rerun.kind === "solve") {
        const { request } = detail.rerun;
        this.problem = request.problem;
        this.policy = request.policy ?? "";
        this.prm = request.prm ?? "";
        Object.assign(this.form, formFromRequest(request.search));
      }
      const label = detail.items[0]?.policy ?? (detail.overview.policy || "policy");
      if (detail.run.status === "running") return this.session.reattach(runId, [label]);
      const seed = (detail.run.config as { seed?: number } | null)?.seed ?? 0;
      this.session.showSaved(
        runId,
        detail.run.status,
        detail.items.map((item) => ({
          label: item.policy,
          tree: detail.trees[item.key],
          result: itemResult(item, detail.trees[item.key], seed),
        })),
      );
      // An annotation still labelling it (the page was reloaded mid-way) is followed again: progress, then labels.
      if (detail.annotating) this.annotation.reattach(runId, detail.annotating, detail.annotations);
      else this.annotation.show(runId, detail.annotations);
    } catch (error) {
      if (this.opening !== runId) return;
      this.opening = null;
      this.session.clear();
      this.session.error = errorMessage(error);
    }
  }

  /**
   * The run `reopen` is reading, until it is shown; null otherwise. A later reopen (or a new run) wins a race, and
   * the address names it from the start (`runId`), so a reload is not rewritten to `#/solve` while it loads.
   */
  opening = $state<number | null>(null);

  /** The run the view shows or is opening: what the address names (`#/solve/run/ID`); null for none. */
  get runId(): number | null {
    return this.opening ?? this.session.runId;
  }

  /** Goes back to no open run (`#/solve`), unless a run is going on: that one stays on screen. */
  close(): void {
    this.opening = null;
    if (!this.session.running) this.session.clear();
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
    this.opening = null;
    await this.session.start([this.policy || "policy"], request, () => this.#client.call("startSolve", request));
  }
}
