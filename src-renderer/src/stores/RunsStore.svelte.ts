import { describeZodError } from "../../../src-main/api/describeZodError.js";
import { MULL_API, type MullClient, type Rerun, type RunDetail } from "../../../src-main/api/mullApi.js";
import { filterRuns, type RunKind, type RunOverview } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";
import { saveDownload } from "../services/saveDownload.js";
import { TreeStore } from "./TreeStore.svelte.js";

/** Which runs of the history are correct: every checked item right, some wrong, or none checked (no reference). */
export type CorrectFilter = "" | "right" | "wrong" | "unchecked";

/**
 * The run history (past runs from the store): the list with its search and filters, one reopened run with the
 * item whose saved tree is shown and the node inspected, renaming, deleting (asked first), and exporting a run.
 */
export class RunsStore {
  readonly #client: MullClient;
  runs = $state.raw<RunOverview[]>([]);
  error = $state<string | null>(null);

  /** Words to find in the problem, name, answer or models. */
  search = $state("");
  kind = $state<RunKind | "">("");
  strategy = $state("");
  model = $state("");
  correct = $state<CorrectFilter>("");
  /** The runs the search and filters leave, newest first. */
  readonly shown = $derived(
    filterRuns(this.runs, {
      search: this.search,
      kind: this.kind || undefined,
      strategy: this.strategy || undefined,
      model: this.model || undefined,
      correct: this.correct || undefined,
    }),
  );
  /** The strategies and models the saved runs used, for the filters' choices. */
  readonly strategies = $derived(distinct(this.runs.flatMap((r) => (r.strategy ? r.strategy.split(", ") : []))));
  readonly models = $derived(
    distinct(this.runs.flatMap((r) => [...(r.policy ? r.policy.split(", ") : []), ...(r.prm ? [r.prm] : [])])),
  );

  /** The run asked for (the address says it, or Open was pressed); set at once, before it has loaded. */
  selectedId = $state<number | null>(null);
  opened = $state.raw<RunDetail | null>(null);
  openError = $state<string | null>(null);
  /** The item of the opened run whose saved tree is shown, and that tree. */
  shownKey = $state<string | null>(null);
  shownTree = $state.raw<TreeStore | null>(null);
  /** The node of the shown tree open in the inspector; null when closed. */
  inspected = $state<number | null>(null);
  exportError = $state<string | null>(null);

  /** The run waiting for the person to confirm its deletion; null when no question is open. */
  deleting = $state.raw<RunOverview | null>(null);
  /** What went wrong renaming, deleting or running again, in one sentence. */
  actionError = $state<string | null>(null);

  constructor(client: MullClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    try {
      this.runs = await this.#client.call("listRuns", {});
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Opens a past run: its settings, spending, items, answer and saved tree. A later open wins a race. */
  async open(runId: number): Promise<void> {
    this.selectedId = runId;
    this.openError = null;
    try {
      const detail = await this.#client.call("getRun", { runId });
      if (this.selectedId !== runId) return;
      this.opened = detail;
      this.show(detail.items.find((item) => detail.trees[item.key])?.key ?? null);
    } catch (error) {
      if (this.selectedId !== runId) return;
      this.opened = null;
      this.show(null);
      this.openError = errorMessage(error);
    }
  }

  close(): void {
    this.selectedId = null;
    this.opened = null;
    this.openError = null;
    this.show(null);
  }

  /** Shows the saved tree of one item of the opened run (none for null or an item saved without a tree). */
  show(key: string | null): void {
    const tree = key === null ? undefined : this.opened?.trees[key];
    this.shownKey = key;
    this.shownTree = tree ? TreeStore.fromJson(tree) : null;
    this.inspected = null;
  }

  /** Names a run (an empty name clears it); the list and an open run show the new name. */
  async rename(runId: number, name: string): Promise<boolean> {
    // Checked with the contract's own schema first (a name past MAX_RUN_NAME): the same sentence the main side
    // would answer, without a refused request.
    const parsed = MULL_API.renameRun.input.safeParse({ runId, name });
    if (!parsed.success) {
      this.actionError = describeZodError(parsed.error, { runId, name }).message;
      return false;
    }
    try {
      const run = await this.#client.call("renameRun", { runId, name });
      this.runs = this.runs.map((r) => (r.id === runId ? { ...r, name: run.name } : r));
      if (this.opened?.run.id === runId)
        this.opened = { ...this.opened, run, overview: { ...this.opened.overview, name: run.name } };
      this.actionError = null;
      return true;
    } catch (error) {
      this.actionError = errorMessage(error);
      return false;
    }
  }

  /** Asks before deleting: the view shows the question while `deleting` is set. */
  askDelete(run: RunOverview): void {
    this.deleting = run;
    this.actionError = null;
  }

  cancelDelete(): void {
    this.deleting = null;
  }

  /** Deletes the run asked about (with its items and trees); closes it if it was open. */
  async confirmDelete(): Promise<void> {
    const run = this.deleting;
    if (!run) return;
    this.deleting = null;
    try {
      await this.#client.call("deleteRun", { runId: run.id });
      this.runs = this.runs.filter((r) => r.id !== run.id);
      if (this.selectedId === run.id) this.close();
      this.actionError = null;
    } catch (error) {
      this.actionError = errorMessage(error);
    }
  }

  /** The opened run's request to run it again, or null (with `actionError` saying why) when it cannot be. */
  rerunOf(detail: RunDetail): Exclude<Rerun, { kind: null }> | null {
    if (detail.rerun.kind === null) {
      this.actionError = detail.rerun.reason;
      return null;
    }
    this.actionError = null;
    return detail.rerun;
  }

  async export(runId: number, format: "csv" | "json"): Promise<void> {
    try {
      const { fileName, content } = await this.#client.call("exportRun", { runId, format });
      saveDownload(fileName, content, format === "csv" ? "text/csv" : "application/json");
      this.exportError = null;
    } catch (error) {
      this.exportError = errorMessage(error);
    }
  }
}

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort();
}
