import type { MullClient, RunDetail } from "../../../src-main/api/mullApi.js";
import type { RunRecord } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";
import { saveDownload } from "../services/saveDownload.js";
import { TreeStore } from "./TreeStore.svelte.js";

/** Past runs from the store: the list, one reopened run, and exporting a run as a file. */
export class RunsStore {
  readonly #client: MullClient;
  runs = $state.raw<RunRecord[]>([]);
  error = $state<string | null>(null);
  opened = $state.raw<RunDetail | null>(null);
  openError = $state<string | null>(null);
  /** The item of the opened run whose saved tree is shown, and that tree. */
  shownKey = $state<string | null>(null);
  shownTree = $state.raw<TreeStore | null>(null);
  exportError = $state<string | null>(null);

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

  async open(runId: number): Promise<void> {
    try {
      const detail = await this.#client.call("getRun", { runId });
      this.opened = detail;
      this.openError = null;
      this.show(detail.items.find((item) => detail.trees[item.key])?.key ?? null);
    } catch (error) {
      this.openError = errorMessage(error);
    }
  }

  close(): void {
    this.opened = null;
    this.show(null);
  }

  /** Shows the saved tree of one item of the opened run (none for null or an item saved without a tree). */
  show(key: string | null): void {
    const tree = key === null ? undefined : this.opened?.trees[key];
    this.shownKey = tree ? key : null;
    this.shownTree = tree ? TreeStore.fromJson(tree) : null;
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
