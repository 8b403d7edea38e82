/**
 * Sampling seeds derived from the search seed, so a search is repeatable without any global randomness: the
 * n-th draw is `seed * 1_000_003 + counter` folded to 31 bits. A policy call for k candidates takes k
 * consecutive seeds (candidate i samples with base + i), so no two candidates of one search share a seed.
 * Draws must happen in a fixed order (strategies draw before awaiting, in node order), never from callbacks.
 */
export class SeedSequence {
  private counter = 0;

  constructor(readonly seed: number) {}

  /** The base seed for a call that samples `k` candidates. */
  next(k = 1): number {
    // Math.imul keeps the product exact in 32 bits where seed * 1_000_003 would lose bits past 2^53; the
    // 31-bit fold leaves room for the policy's `+ i` without overflowing an unsigned 32-bit seed.
    const base = (Math.imul(this.seed | 0, 1_000_003) + this.counter) & 0x7fffffff;
    this.counter += k;
    return base;
  }
}
