import type { MethodInput } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { RunItem, SweepSummary } from "../../../src-main/api/wireTypes.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** A sweep as it runs: progress, the items so far and the summary the plot and table read. */
export class SweepSession extends RunLifecycle {
  done = $state(0);
  total = $state(0);
  lastItem = $state.raw<RunItem | null>(null);
  summary = $state.raw<SweepSummary | null>(null);
  /** What the sweep goes on despite: reference answers the checker cannot read, one line each. */
  warnings = $state<string[]>([]);

  async start(request: MethodInput<"startSweep">): Promise<void> {
    this.done = 0;
    this.total = 0;
    this.summary = null;
    this.lastItem = null;
    this.warnings = [];
    await this.begin(() => this.client.call("startSweep", request));
  }

  protected onEvent(event: RunEvent): void {
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
      case "warning":
        this.warnings = [...this.warnings, event.message];
        return;
      default:
        return;
    }
  }
}
