/**
 * The abort signals of calls in flight, with one listener per signal however many calls share it. A search passes
 * its budget's signal to every engine call it makes, up to n at once (self-consistency, best-of-n, a beam's
 * parents); a listener per call would pass Node's limit of 10 per EventTarget (MaxListenersExceededWarning) and,
 * when left behind, keep every settled call's closure alive until the search ends.
 */
export class CallAborts {
  private readonly bySignal = new Map<AbortSignal, { calls: Set<number>; onAbort: () => void }>();

  /** @param abort Sends the abort for one call id (the engine process stops that decode at its next token). */
  constructor(private readonly abort: (id: number) => void) {}

  /**
   * Aborts call `id` when `signal` fires (at once when it already has), until the returned function is called
   * once the call settles; the signal's listener goes when its last call does.
   */
  watch(id: number, signal: AbortSignal | undefined): () => void {
    if (!signal) return () => {};
    if (signal.aborted) {
      this.abort(id);
      return () => {};
    }
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const calls = new Set<number>();
      const onAbort = (): void => {
        this.bySignal.delete(signal);
        for (const call of calls) this.abort(call);
      };
      entry = { calls, onAbort };
      this.bySignal.set(signal, entry);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    const { calls, onAbort } = entry;
    calls.add(id);
    return () => {
      calls.delete(id);
      if (calls.size > 0 || this.bySignal.get(signal)?.calls !== calls) return;
      this.bySignal.delete(signal);
      signal.removeEventListener("abort", onAbort);
    };
  }
}
