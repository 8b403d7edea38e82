import { OnnxPrm, type OnnxPrmOptions } from "./OnnxPrm.js";
import type { ScoreCost } from "./ScoreCost.js";
import type { Scorer } from "./Scorer.js";

/**
 * An outcome reward model: an ONNX reward model (any PRM profile) read once, at the end of the whole solution.
 * Every step gets the outcome score, so step-level search with an ORM ranks paths by how they end so far.
 */
export class OnnxOrm implements Scorer {
  private constructor(readonly model: OnnxPrm) {}

  static async load(profilePath: string, options: OnnxPrmOptions = {}): Promise<OnnxOrm> {
    return new OnnxOrm(await OnnxPrm.load(profilePath, options));
  }

  get accounting(): ScoreCost {
    return this.model.accounting;
  }

  /** Outcome scores of many solutions in one batch (each read at its last step only). */
  async scoreOutcomes(items: readonly { problem: string; steps: readonly string[] }[]): Promise<number[]> {
    if (items.some((it) => it.steps.length === 0)) throw new RangeError("an outcome needs at least one step");
    const { scores } = await this.model.score(items, { outcomeOnly: true });
    return scores.map((s) => s[0] as number);
  }

  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    return (await this.scoreOutcomes([{ problem, steps }]))[0] as number;
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    if (steps.length === 0) return [];
    const outcome = await this.scoreOutcome(problem, steps);
    return steps.map(() => outcome);
  }

  /** Empties the model's score cache (Scorer.reset). */
  reset(): Promise<void> {
    return this.model.reset();
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
