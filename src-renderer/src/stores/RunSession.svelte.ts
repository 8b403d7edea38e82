import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { SearchResult, TreeJson } from "../../../src-main/api/wireTypes.js";
import { describeFirstNode, describeLoad } from "../../../src-main/api/runStatus.js";
import { MullCallError } from "../services/MullCallError.js";
import { RunColumn } from "./RunColumn.svelte.js";
import { RunLifecycle, type SessionStatus } from "./RunLifecycle.svelte.js";
import { TreeStore } from "./TreeStore.svelte.js";

/**
 * A solve or compare run as the view follows it: started through the transport, then grown from its event stream
 * (never from snapshots). Errors land in `error` (the run's) or a column's `error`, one sentence each.
 */
export class RunSession extends RunLifecycle {
  columns = $state.raw<RunColumn[]>([]);
  /** The request field the error is about, so the form can point at it. */
  errorField = $state<string | null>(null);
  /** The request last sent or refused, and the value its faulty field held then (see `edited`). */
  #request: unknown = null;
  #refusedValue: unknown = undefined;

  /**
   * What the run is waiting on or how fast it got going, for the status line beside Run: a model loading ("Loading
   * mull-policy-6m (43%): reading the weights…") while one is, then the time to the first node ("first node after
   * 9.1 s", the earliest column's); null before either.
   */
  get statusLine(): string | null {
    const loading = this.columns.find((c) => c.loading !== null)?.loading;
    if (loading) return loading;
    const times = this.columns.map((c) => c.firstNodeMs).filter((ms): ms is number => ms !== null);
    return times.length > 0 ? describeFirstNode(Math.min(...times)) : null;
  }

  /**
   * Starts a run with `start` (startSolve or startCompare), one column per label. The last run's columns stay until
   * the main side accepts the new one: a refused request never wipes the tree and answer on screen.
   */
  async start(labels: readonly string[], request: unknown, start: () => Promise<{ runId: number }>): Promise<void> {
    this.errorField = null;
    this.#request = request;
    await this.begin(start, () => {
      this.columns = labels.map((label) => new RunColumn(label));
      this.runId = null;
    });
  }

  /**
   * Follows a run the main side is still running (the page was reloaded mid-run): one column per label, grown from
   * its events replayed from the first.
   */
  reattach(runId: number, labels: readonly string[]): void {
    this.error = null;
    this.errorField = null;
    this.columns = labels.map((label) => new RunColumn(label));
    this.follow(runId);
  }

  /**
   * Shows a saved run that is no longer running: each column's saved tree and result as the store kept them, with
   * the status the run ended with (a reload after it finished, or back to an earlier run).
   */
  showSaved(
    runId: number,
    status: SessionStatus,
    columns: readonly { label: string; tree: TreeJson | undefined; result: SearchResult | null }[],
  ): void {
    this.dispose();
    this.error = null;
    this.errorField = null;
    this.columns = columns.map(({ label, tree, result }) => {
      const column = new RunColumn(label);
      if (tree) column.tree = TreeStore.fromJson(tree);
      column.result = result;
      return column;
    });
    this.runId = runId;
    this.status = status;
  }

  /** Back to no run (an address without one): nothing on screen, nothing followed. */
  clear(): void {
    this.dispose();
    this.columns = [];
    this.runId = null;
    this.status = "idle";
    this.error = null;
    this.errorField = null;
  }

  /**
   * A request the view refused before sending it: shown like the server's input errors, and like them it leaves
   * the last run (its columns and status) as it was.
   */
  refuse(message: string, field: string | null, request: unknown): void {
    this.error = message;
    this.errorField = field;
    this.#request = request;
    this.#refusedValue = valueAt(request, field);
  }

  /**
   * The request as the form now sets it: when the field an error is about no longer holds the value that was
   * refused, the person has fixed (or changed) it, so the stale error goes. Errors about other fields, or about the
   * run itself, stay.
   */
  edited(request: unknown): void {
    if (this.errorField === null || this.running) return;
    if (!sameValue(valueAt(request, this.errorField), this.#refusedValue)) {
      this.error = null;
      this.errorField = null;
    }
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
    this.#refusedValue = valueAt(this.#request, this.errorField);
  }

  protected onEvent(event: RunEvent): void {
    switch (event.type) {
      case "tree": {
        const column = this.columns[event.column];
        if (!column) return;
        column.tree.push(event.event);
        return;
      }
      case "loading": {
        const column = this.columns[event.column];
        if (column)
          column.loading = event.progress.stage === "ready" ? null : describeLoad(event.model, event.progress);
        return;
      }
      case "first-node": {
        const column = this.columns[event.column];
        if (!column) return;
        column.loading = null;
        column.firstNodeMs = event.ms;
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

/**
 * The value at a request field as errors name it: a dotted path (`search.n`, `search.caps.nodes`), or a search
 * option's bare name (`width`), which core's SearchOptionError gives without the `search.` prefix.
 */
function valueAt(request: unknown, field: string | null): unknown {
  if (field === null) return undefined;
  const walk = (path: string[]): unknown =>
    path.reduce<unknown>(
      (value, key) =>
        typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      request,
    );
  const direct = walk(field.split("."));
  return direct !== undefined || field.includes(".") ? direct : walk(["search", field]);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
