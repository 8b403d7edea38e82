import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import { MullCallError } from "../services/MullCallError.js";
import { RunColumn } from "./RunColumn.svelte.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/**
 * A solve or compare run as the view follows it: started through the transport, then grown from its event stream
 * (never from snapshots). Errors land in `error` (the run's) or a column's `error`, one sentence each.
 */
export class RunSession extends RunLifecycle {
  columns = $state.raw<RunColumn[]>([]);
  /** The request field the error is about, so the form can point at it. */
  errorField = $state<string | null>(null);

  /** Starts a run with `start` (startSolve or startCompare), one column per label. */
  async start(labels: readonly string[], start: () => Promise<{ runId: number }>): Promise<void> {
    this.columns = labels.map((label) => new RunColumn(label));
    this.errorField = null;
    this.runId = null;
    await this.begin(start);
  }

  /** A request the view refused before sending it: shown like the server's input errors. */
  refuse(message: string, field: string): void {
    this.status = "idle";
    this.error = message;
    this.errorField = field;
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
  }

  protected onEvent(event: RunEvent): void {
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
        return;
      default:
        return;
    }
  }
}
