import type { MullClient, SchemaCheck } from "../../../src-main/api/mullApi.js";
import { errorMessage } from "../services/MullCallError.js";

/** Pause after the last keystroke before the schema is sent to `checkSchema`. */
const DEBOUNCE_MS = 300;

/**
 * The schema editor's check in place: each edit is sent to `checkSchema` once typing pauses, and only the reply for
 * the text now in the editor counts (a slow reply for older text is dropped).
 */
export class SchemaChecker {
  readonly #client: MullClient;
  /** The reply for `checkedText`; null before the first. */
  result = $state.raw<SchemaCheck | null>(null);
  checkedText = $state<string | null>(null);
  #latest = "";
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: MullClient) {
    this.#client = client;
  }

  /** Whether `text` was checked and found valid. */
  valid(text: string): boolean {
    return this.checkedText === text && this.result?.ok === true;
  }

  /** The one sentence to show under the editor for `text`, or null (valid, or not checked yet). */
  message(text: string): string | null {
    if (this.checkedText !== text || this.result === null || this.result.ok) return null;
    return this.result.message;
  }

  /** Checks `text` once typing pauses. */
  schedule(text: string): void {
    this.#latest = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#check(text), DEBOUNCE_MS);
  }

  async #check(text: string): Promise<void> {
    let result: SchemaCheck;
    if (text.trim() === "") result = { ok: false, message: "The schema is empty: write one, or describe the task." };
    else
      try {
        result = await this.#client.call("checkSchema", { schema: text });
      } catch (error) {
        result = { ok: false, message: errorMessage(error) };
      }
    if (text !== this.#latest) return;
    this.result = result;
    this.checkedText = text;
  }
}
