import type { RunDetail } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { ProgramError, ProveAttempt, SavedProve } from "../../../src-main/api/wireTypes.js";
import { parseErrorLine } from "./proveText.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** One program the model wrote, as the attempts list shows it (live from `prove-attempt`, or saved). */
export interface ShownAttempt {
  index: number;
  text: string;
  finishReason: ProveAttempt["finishReason"];
  /** The checker's or the solver's errors; empty for the accepted program. */
  errors: Pick<ProgramError, "pointer" | "message">[];
  generatedTokens: number;
  ms: number;
}

/**
 * A prove run as the Prove view follows it, live from its events or reopened from the store: the question, each
 * program the model wrote with its errors, and at the end the result (verdict, program, first-order logic).
 */
export class ProveSession extends RunLifecycle {
  question = $state<string | null>(null);
  attempts = $state.raw<ShownAttempt[]>([]);
  result = $state.raw<SavedProve | null>(null);
  /** The request field the error is about (`question`), so the form can point at it. */
  errorField = $state<string | null>(null);
  /** Called once a run this session follows has its result (the view fills the editor with the program). */
  onresult: ((result: SavedProve) => void) | null = null;

  /**
   * What the run is doing, for the line beside Prove: loading the prover and writing the first program, then
   * writing each retry after a refused one; null when not running. (Checking and solving take milliseconds against
   * the model's seconds, and the run says nothing between them; they are the attempt's result when it comes.)
   */
  get stage(): string | null {
    if (this.status === "starting") return "Starting…";
    if (this.status !== "running") return null;
    const last = this.attempts.at(-1);
    if (!last) return "Loading the prover and writing the program…";
    if (last.errors.length === 0) return "Program accepted: solving…";
    return `Program ${last.index + 1} refused (${last.errors.length} error${last.errors.length === 1 ? "" : "s"}): writing retry ${last.index + 1}…`;
  }

  /** The attempt being written now (its index), while the run goes on; null otherwise. */
  get writing(): number | null {
    if (!this.running || this.result) return null;
    const last = this.attempts.at(-1);
    if (last && last.errors.length === 0) return null;
    return last ? last.index + 1 : 0;
  }

  /**
   * Starts proving `question` with `start` (startProve). The last result stays until the main side accepts the run;
   * then `started` runs (the view clears what it showed of the last run).
   */
  async start(question: string, start: () => Promise<{ runId: number }>, started?: () => void): Promise<void> {
    this.errorField = null;
    await this.begin(start, () => {
      this.#reset(question);
      started?.();
    });
  }

  /** Shows a saved prove run (`getRun`), and follows it when this server is still running it. */
  open(detail: RunDetail): void {
    const question = questionOf(detail.run.config);
    this.#reset(question);
    this.errorField = null;
    if (detail.run.status === "running") {
      // Its events replay from the first: the attempts so far, then the live ones.
      this.follow(detail.run.id);
      return;
    }
    this.dispose();
    this.runId = detail.run.id;
    this.status = detail.run.status;
    this.error = detail.run.status === "failed" ? detail.run.error : null;
    if (detail.prove) this.#showResult(detail.prove);
  }

  /** A request the view refused before sending it: shown like the server's input errors. */
  refuse(message: string, field: string): void {
    this.error = message;
    this.errorField = field;
  }

  /** Back to nothing shown (an address without a run), unless a run is going on. */
  clear(): void {
    if (this.running) return;
    this.dispose();
    this.#reset(null);
    this.runId = null;
    this.status = "idle";
    this.error = null;
    this.errorField = null;
  }

  protected override onStartFailed(error: unknown): void {
    const field = (error as { field?: unknown } | null)?.field;
    this.errorField = typeof field === "string" ? field : null;
  }

  protected onEvent(event: RunEvent): void {
    switch (event.type) {
      case "prove-attempt": {
        const attempts = this.attempts.filter((a) => a.index !== event.attempt);
        attempts.push({
          index: event.attempt,
          text: event.text,
          finishReason: event.finishReason,
          errors: event.errors.map(parseErrorLine),
          generatedTokens: event.generatedTokens,
          ms: event.ms,
        });
        this.attempts = attempts.sort((a, b) => a.index - b.index);
        return;
      }
      case "prove-result":
        this.#showResult(event.result);
        queueMicrotask(() => this.onresult?.(event.result));
        return;
      case "error":
        this.error = event.message;
        this.errorField = event.field ?? null;
        return;
      default:
        return;
    }
  }

  #showResult(result: SavedProve): void {
    this.result = result;
    this.question = result.question;
    // The saved attempts carry structured errors (pointer and sentence); they replace the streamed lines.
    this.attempts = result.attempts.map((a) => ({
      index: a.index,
      text: a.text,
      finishReason: a.finishReason,
      errors: a.errors,
      generatedTokens: a.generatedTokens,
      ms: a.ms,
    }));
  }

  #reset(question: string | null): void {
    this.question = question;
    this.attempts = [];
    this.result = null;
  }
}

/** The question a prove run's config (saved as the JSON it ran with) asks; null when it has none. */
function questionOf(config: unknown): string | null {
  const c = (typeof config === "object" && config !== null ? config : {}) as Record<string, unknown>;
  return typeof c.question === "string" ? c.question : null;
}
