import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { SweepSummary } from "../../../src-main/core/experiments/summarizeSweep.js";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { errorMessage } from "../services/MullCallError.js";
import type { SessionStatus } from "./RunSession.svelte.js";

/** A sweep as it runs: progress, the items so far and the summary the plot and table read. */
export class SweepSession {
  readonly #client: MullClient;
  status = $state<SessionStatus>("idle");
  runId = $state<number | null>(null);
  done = $state(0);
  total = $state(0);
  lastItem = $state.raw<RunItem | null>(null);
  summary = $state.raw<SweepSummary | null>(null);
  error = $state<string | null>(null);
  #unsubscribe: (() => void) | null = null;

  constructor(client: MullClient) {
    this.#client = client;
  }

  get running(): boolean {
    return this.status === "starting" || this.status === "running";
  }

  async start(request: MethodInput<"startSweep">): Promise<void> {
    this.#unsubscribe?.();
    this.status = "starting";
    this.error = null;
    this.done = 0;
    this.total = 0;
    this.summary = null;
    this.lastItem = null;
    try {
      const { runId } = await this.#client.call("startSweep", request);
      this.runId = runId;
      this.status = "running";
      this.#unsubscribe = this.#client.subscribe(runId, (event) => this.#onEvent(event));
    } catch (error) {
      this.status = "failed";
      this.error = errorMessage(error);
    }
  }

  async cancel(): Promise<void> {
    if (this.runId === null || !this.running) return;
    try {
      await this.#client.call("cancelRun", { runId: this.runId });
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  #onEvent(event: RunEvent): void {
    switch (event.type) {
      case "sweep-item":
        this.done = event.done;
        this.total = event.total;
        this.lastItem = event.item;
        return;
      case "sweep-summary":
        this.summary = event.summary;
        return;
      case "error":
        this.error = event.message;
        return;
      case "finished":
        this.status = event.status;
        this.#unsubscribe?.();
        this.#unsubscribe = null;
        return;
      default:
        return;
    }
  }
}
