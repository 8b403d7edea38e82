import type { LlamaContextSequence, Token } from "node-llama-cpp";

/** A sequence lent out by the pool, with how much of the requested prefix its KV cache already holds. */
export interface PooledSequence {
  sequence: LlamaContextSequence;
  /** Leading tokens of the prefix already in the sequence's KV cache. */
  reusable: number;
}

export interface SequencePoolOptions {
  /**
   * Route by cached prefix and report it as reusable. `false` lends the least recently used sequence with nothing
   * reusable, so every request evaluates its whole prefix: the baseline the benchmark measures reuse against.
   * Default true.
   */
  reuse?: boolean;
}

/**
 * The context's sequences, each keeping its KV cache between uses. A request for a prefix gets the free
 * sequence whose cached tokens share the longest prefix with it (as SGLang's radix cache routes requests),
 * ties going to the least recently used one, so unrelated requests evict stale state first.
 */
export class SequencePool {
  private readonly free: LlamaContextSequence[];
  private readonly lastUsed = new Map<LlamaContextSequence, number>();
  private readonly waiting: { prefix: readonly Token[]; resolve: (s: PooledSequence) => void }[] = [];
  private clock = 0;
  readonly reuse: boolean;

  constructor(sequences: LlamaContextSequence[], options: SequencePoolOptions = {}) {
    this.free = [...sequences];
    this.reuse = options.reuse ?? true;
  }

  acquire(prefix: readonly Token[]): Promise<PooledSequence> {
    if (this.free.length === 0) return new Promise((resolve) => this.waiting.push({ prefix, resolve }));
    return Promise.resolve(this.take(prefix));
  }

  /**
   * A sequence only if one is free now (and no request is queued before this one); never waits. `spare` lends the
   * least recently used free sequence whatever it holds: for a caller that will overwrite it with a copy of
   * another sequence's cache, routing by prefix would evict the sibling paths that share the most with it, which
   * are the ones search is likeliest to come back to.
   */
  tryAcquire(prefix: readonly Token[], { spare = false } = {}): PooledSequence | undefined {
    if (this.free.length === 0 || this.waiting.length > 0) return undefined;
    return spare ? this.take(prefix, true) : this.take(prefix);
  }

  /**
   * Empties the KV cache of every free sequence, so the next request evaluates its whole prefix as if nothing had
   * run before it. Sequences lent out are left alone (their holder is using them). The free ones are taken out of
   * the pool while they are erased, so no request is handed a sequence mid-erase; requests queued meanwhile are
   * served once they are back.
   */
  async reset(): Promise<void> {
    const erasing = this.free.splice(0);
    try {
      await Promise.all(
        erasing
          .filter((s) => s.nextTokenIndex > 0)
          .map((s) => s.eraseContextTokenRanges([{ start: 0, end: s.nextTokenIndex }])),
      );
    } finally {
      for (const s of erasing) this.release(s);
    }
  }

  release(sequence: LlamaContextSequence): void {
    this.lastUsed.set(sequence, ++this.clock);
    this.free.push(sequence);
    const next = this.waiting.shift();
    if (next) next.resolve(this.take(next.prefix));
  }

  private take(prefix: readonly Token[], leastRecent = false): PooledSequence {
    let best = 0;
    let bestReuse = -1;
    this.free.forEach((s, i) => {
      const reuse = this.reuse && !leastRecent ? s.compareContextTokens(prefix as Token[]).firstDifferentIndex : 0;
      const older = (this.lastUsed.get(s) ?? 0) < (this.lastUsed.get(this.free[best] as LlamaContextSequence) ?? 0);
      if (reuse > bestReuse || (reuse === bestReuse && older)) {
        best = i;
        bestReuse = reuse;
      }
    });
    const [sequence] = this.free.splice(best, 1) as [LlamaContextSequence];
    if (leastRecent && this.reuse) bestReuse = sequence.compareContextTokens(prefix as Token[]).firstDifferentIndex;
    return { sequence, reusable: Math.max(0, bestReuse) };
  }
}
