import type { MullClient } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";

/** The answer checker's verdict on a compare's answers (the `checkAnswers` method). */
export interface CompareVerdict {
  /** Every column answered, and all answers are equivalent. */
  agree: boolean;
  /** Per column, right or wrong against the reference (null: no answer); null without a reference. */
  correct: (boolean | null)[] | null;
}

/**
 * What the Compare view shows about a finished compare beside its columns: the node open in the inspector (which
 * column, which node) and the summary row's verdict. Reset per run, so nothing from the last run lingers.
 */
export class CompareReview {
  readonly #client: MullClient;
  /** The node the inspector shows: its column and its id. */
  inspected = $state<{ column: number; id: number } | null>(null);
  /** The problem of the run on screen, as it was sent (the reference is looked up by it). */
  problem = $state<string | null>(null);
  verdict = $state.raw<CompareVerdict | null>(null);
  error = $state<string | null>(null);
  #checked: string | null = null;
  #columns: readonly unknown[] | null = null;

  constructor(client: MullClient) {
    this.#client = client;
  }

  /**
   * Called with the columns on screen: when they are a new run's (another array), forget the last run's inspection
   * and verdict and note the problem it was sent with.
   */
  follow(columns: readonly unknown[], problem: string): void {
    if (columns === this.#columns) return;
    this.#columns = columns;
    this.reset(problem);
  }

  /** Forgets the inspection and the verdict. */
  reset(problem: string): void {
    this.inspected = null;
    this.problem = problem;
    this.verdict = null;
    this.error = null;
    this.#checked = null;
  }

  /** Asks the answer checker about these answers (once per distinct question). */
  async check(answers: (string | null)[], reference: string | null): Promise<void> {
    const key = JSON.stringify([answers, reference]);
    if (this.#checked === key) return;
    this.#checked = key;
    try {
      const verdict = await this.#client.call("checkAnswers", { answers, reference });
      if (this.#checked === key) this.verdict = verdict;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }
}
