import type { MullClient } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { RunStatus } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";

export type SessionStatus = "idle" | "starting" | RunStatus;

/**
 * What every run the view follows shares (a solve or compare in RunSession, a sweep in SweepSession): started through
 * the transport, followed through its event stream until `finished`, cancelled with `cancelRun`. A subclass resets its
 * own fields, calls `begin`, and reads the events in `onEvent`; errors land in `error`, one sentence each.
 */
export abstract class RunLifecycle {
  protected readonly client: MullClient;
  status = $state<SessionStatus>("idle");
  runId = $state<number | null>(null);
  error = $state<string | null>(null);
  #unsubscribe: (() => void) | null = null;

  constructor(client: MullClient) {
    this.client = client;
  }

  get running(): boolean {
    return this.status === "starting" || this.status === "running";
  }

  async cancel(): Promise<void> {
    if (this.runId === null || !this.running) return;
    try {
      await this.client.call("cancelRun", { runId: this.runId });
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Stops following the run's events. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /**
   * Starts a run with `start` and follows its events. `started` runs once the main side has accepted the run,
   * before its first event: that is where a subclass clears what the last run left, so a refused request (bad
   * input, a server that is gone) leaves the last result on screen with the error beside it, and the status the
   * last run ended with.
   */
  protected async begin(start: () => Promise<{ runId: number }>, started?: () => void): Promise<void> {
    const before = this.status;
    this.error = null;
    this.status = "starting";
    try {
      const { runId } = await start();
      this.dispose();
      started?.();
      this.follow(runId);
    } catch (error) {
      this.status = before === "starting" || before === "running" ? "idle" : before;
      this.error = errorMessage(error);
      this.onStartFailed(error);
    }
  }

  /**
   * Follows run `runId` (just started, or still running on the main side after a reload): its events replay from
   * the first, so a subclass that cleared its fields first rebuilds the whole run from them.
   */
  protected follow(runId: number): void {
    this.dispose();
    this.runId = runId;
    this.status = "running";
    this.#unsubscribe = this.client.subscribe(runId, (event) => this.#receive(event));
  }

  /** One event of the run; `finished` comes here first, before the status is set and the stream closed. */
  protected abstract onEvent(event: RunEvent): void;

  /** Called after `start` threw, once `status` and `error` say so. */
  protected onStartFailed(_error: unknown): void {}

  #receive(event: RunEvent): void {
    this.onEvent(event);
    if (event.type !== "finished") return;
    this.status = event.status;
    this.dispose();
  }
}
