/**
 * An axis domain fitted to the data: from the smallest to the largest value with a small margin, so the curves
 * fill the plot (a scale left to "nice" itself runs a log axis from 10 to 10,000 for data between 60 and 1,200).
 * On a log axis only positive values count and the margin is a factor; on a linear one it is 5% of the span.
 * Undefined when no value can be drawn. `[lo, hi]` in the data's units.
 */
export function axisDomain(values: readonly number[], log: boolean): [number, number] | undefined {
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (usable.length === 0) return undefined;
  const lo = Math.min(...usable);
  const hi = Math.max(...usable);
  if (log) {
    // A margin of ~4% of the decades spanned, at least 8%, and a factor 2 around a single value.
    const factor = lo === hi ? 2 : Math.max(1.08, (hi / lo) ** 0.04);
    return [lo / factor, hi * factor];
  }
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo >= 0 ? Math.max(0, lo - 0.05 * span) : lo - 0.05 * span, hi + 0.05 * span];
}

/**
 * Tick values for a log axis over `domain`: 1, 2 and 5 times each power of ten inside it (only 1 and 10s when
 * that gives more than `max`), so a fitted domain gets labelled ticks without a grid line at every 3, 4, 6, …
 */
export function logTicks(domain: readonly [number, number], max = 8): number[] {
  const [lo, hi] = domain;
  if (!(lo > 0 && hi >= lo)) return [];
  const ticks = (steps: readonly number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
      for (const m of steps) {
        // Rounded to a few significant digits so 0.1 × 3 does not come out as 0.30000000000000004.
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= lo && v <= hi) out.push(v);
      }
    return out;
  };
  const fine = ticks([1, 2, 5]);
  return fine.length <= max ? fine : ticks([1]);
}
