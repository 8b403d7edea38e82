/**
 * The time left of a counted job, from the rate of its last few items: (items done in the window) ÷ (time they
 * took), over the newest `size` samples, as cli-progress estimates its ETA (a sliding buffer, so an early slow
 * item, a model load, stops weighing once enough items are past it). Until an item has finished since the start
 * there is no rate, and no estimate.
 */
export class RateWindow {
  private readonly samples: { time: number; value: number }[] = [];

  /**
   * @param start the value the job starts at (items done before: a resumed sweep), at `time` (ms)
   * @param size samples kept, the start's included; at least 2
   */
  constructor(
    start: number,
    time: number,
    private readonly size = 20,
  ) {
    this.samples.push({ time, value: start });
  }

  /** `value` items are done at `time` (ms, not before the previous sample's). */
  record(value: number, time: number): void {
    this.samples.push({ time, value });
    if (this.samples.length > Math.max(2, this.size)) this.samples.shift();
  }

  /**
   * Seconds until `total` at the window's rate: 0 once it is reached; null before any item finished, or when no
   * time has passed.
   */
  secondsLeft(total: number): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (last && last.value >= total) return 0;
    if (!first || !last || last.value <= first.value || last.time <= first.time) return null;
    const perMs = (last.value - first.value) / (last.time - first.time);
    return Math.max(0, total - last.value) / perMs / 1000;
  }
}
