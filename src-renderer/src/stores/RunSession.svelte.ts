import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { MullClient } from "../../../src-main/api/mullApi.js";
import type { RunStatus } from "../../../src-main/core/store/RunRecord.js";
import { errorMessage, MullCallError } from "../services/MullCallError.js";
import { RunColumn } from "./RunColumn.svelte.js";

export type SessionStatus = "idle" | "starting" | RunStatus;

/**
 * A solve or compare run as the view follows it: started through the transport, then grown from its event stream
 * (never from snapshots). Errors land in `error` (the run's) or a column's `error`, one sentence each.
 */
export class RunSession {
  readonly #client: MullClient;
  status = $state<SessionStatus>("idle");
  runId = $state<number | null>(null);
  columns = $state.raw<RunColumn[]>([]);
  error = $state<string | null>(null);
  /** The request field the error is about, so the form can point at it. */
  errorField = $state<string | null>(null);
  #unsubscribe: (() => void) | null = null;

  constructor(client: MullClient) {
    this.#client = client;
  }

  get running(): boolean {
    return this.status === "starting" || this.status === "running";
  }

  /** Starts a run with `start` (startSolve or startCompare), one column per label. */
  async start(labels: readonly string[], start: () => Promise<{ runId: number }>): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.columns = labels.map((label) => new RunColumn(label));
    this.error = null;
    this.errorField = null;
    this.runId = null;
    this.status = "starting";
    try {
      const { runId } = await start();
      this.runId = runId;
      this.status = "running";
      this.#unsubscribe = this.#client.subscribe(runId, (event) => this.#onEvent(event));
    } catch (error) {
      this.status = "failed";
      this.error = errorMessage(error);
      this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
    }
  }

  /** A request the view refused before sending it: shown like the server's input errors. */
  refuse(message: string, field: string): void {
    this.status = "idle";
    this.error = message;
    this.errorField = field;
  }

  async cancel(): Promise<void> {
    if (this.runId === null || !this.running) return;
    try {
      await this.#client.call("cancelRun", { runId: this.runId });
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  #onEvent(event: RunEvent): void {
    switch (event.type) {
      case "tree": {
        const column = this.columns[event.column];
        if (!column) return;
        column.tree.push(event.event);
        return;
      }
      case "result": {
        const column = this.columns[event.column];
        if (!column) return;
        column.tree.flushNow();
        column.result = event.result;
        column.tokensPerSecond = event.tokensPerSecond;
        return;
      }
      case "error": {
        const column = event.column === undefined ? undefined : this.columns[event.column];
        if (column) column.error = event.message;
        else {
          this.error = event.message;
          this.errorField = event.field ?? null;
        }
        return;
      }
      case "finished":
        for (const column of this.columns) column.tree.flushNow();
        this.status = event.status;
        this.#unsubscribe?.();
        this.#unsubscribe = null;
        return;
      default:
        return;
    }
  }
}
