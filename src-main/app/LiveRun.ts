import type { RunEvent } from "../api/RunEvent.js";
import type { RunStatus } from "../core/store/RunRecord.js";

/**
 * A run in progress in this process: its events so far (so a view that subscribes late, or reopens, replays the
 * whole run), its live subscribers, and the signal that cancels it. Once `finish` has sent the `finished` event
 * nothing more is sent.
 */
export class LiveRun {
  private readonly events: RunEvent[] = [];
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly controller = new AbortController();
  private status: RunStatus = "running";

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get finished(): boolean {
    return this.status !== "running";
  }

  /** Asks the run to stop; it keeps what it found. False when it had already finished. */
  cancel(): boolean {
    if (this.finished) return false;
    this.controller.abort();
    return true;
  }

  emit(event: RunEvent): void {
    if (this.finished) return;
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Sends the last event and lets go of the subscribers. */
  finish(status: RunStatus): void {
    this.emit({ type: "finished", status });
    this.status = status;
    this.listeners.clear();
  }

  /** Replays every event so far, then streams the rest; returns how to stop listening. */
  subscribe(listener: (event: RunEvent) => void): () => void {
    for (const event of [...this.events]) listener(event);
    if (this.finished) return () => {};
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
