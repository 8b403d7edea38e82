import type { MethodInput } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { RunItem, SweepSummary } from "../../../src-main/api/wireTypes.js";
import { MullCallError } from "../services/MullCallError.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** A sweep as it runs: progress, the items so far and the summary the plot and table read. */
export class SweepSession extends RunLifecycle {
  done = $state(0);
  total = $state(0);
  lastItem = $state.raw<RunItem | null>(null);
  summary = $state.raw<SweepSummary | null>(null);
  /** What the sweep goes on despite: reference answers the checker cannot read, one line each. */
  warnings = $state<string[]>([]);
  /** The form field the error is about (`limit`, `budgets.0`), so the form can mark it; null for none. */
  errorField = $state<string | null>(null);
  /** The form's value of `errorField` when it was refused (see `edited`). */
  #refusedValue: unknown = undefined;
  /** The form as it was last sent (see `edited`). */
  #form: unknown = null;

  /**
   * Starts a sweep; `form` is the form's values as typed, under the request's field names (budgets as text), which
   * `edited` compares an error's field against. The last sweep's progress, items and summary stay until the main side accepts the new one, so a
   * refused launch leaves "cancelled: 2 / 14 items" as it was, with the error beside it.
   */
  async start(request: MethodInput<"startSweep">, form: unknown = request): Promise<void> {
    this.errorField = null;
    this.#form = form;
    await this.begin(
      () => this.client.call("startSweep", request),
      () => {
        this.done = 0;
        this.total = 0;
        this.summary = null;
        this.lastItem = null;
        this.warnings = [];
      },
    );
  }

  /** A launch the form refused before sending it: shown like the server's input errors; the last sweep stays. */
  refuse(message: string, field: string | null, form: unknown): void {
    this.error = message;
    this.errorField = field;
    this.#refusedValue = valueAt(form, field);
  }

  /**
   * The form as it is now: when the field an error is about no longer holds the refused value, the person has
   * fixed (or changed) it and the stale sentence goes. Errors about other fields, or about the sweep itself, stay.
   */
  edited(form: unknown): void {
    if (this.errorField === null || this.running) return;
    if (JSON.stringify(valueAt(form, this.errorField)) !== JSON.stringify(this.#refusedValue)) {
      this.error = null;
      this.errorField = null;
    }
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
    this.#refusedValue = valueAt(this.#form, this.errorField);
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

/** The value at a dotted field (`limit`, `budgets.0`) of a request or form; undefined where there is none. */
function valueAt(value: unknown, field: string | null): unknown {
  if (field === null) return undefined;
  return field
    .split(".")
    .reduce<unknown>(
      (v, key) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}
