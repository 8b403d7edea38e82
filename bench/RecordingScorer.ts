import type { ScoreCost } from "../src-main/core/reward/ScoreCost.js";
import type { Scorer } from "../src-main/core/reward/Scorer.js";

/** A scorer that passes every call through and keeps each path it was asked to score, per problem. */
export class RecordingScorer implements Scorer {
  readonly paths = new Map<string, string[][]>();

  constructor(private readonly inner: Scorer) {}

  get accounting(): ScoreCost {
    return this.inner.accounting;
  }

  scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    this.record(problem, steps);
    return this.inner.scoreSteps(problem, steps);
  }

  scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    this.record(problem, steps);
    return this.inner.scoreOutcome(problem, steps);
  }

  private record(problem: string, steps: readonly string[]): void {
    const list = this.paths.get(problem) ?? [];
    list.push([...steps]);
    this.paths.set(problem, list);
  }
}
