import type { Problem } from "../domain/Problem.js";
import { SearchOptionError } from "../search/SearchOptionError.js";
import type { StrategyName } from "../search/StrategyName.js";
import type { SweepItemSpec } from "./SweepItemSpec.js";

/** Strategies every sweep runs, whether asked for or not: the baselines any search has to beat per token. */
export const SWEEP_BASELINES: readonly StrategyName[] = ["self-consistency", "best-of-n"];

/** Options of {@link planSweep}. */
export interface PlanSweepOptions {
  problems: readonly Problem[];
  /** The strategies asked for; SWEEP_BASELINES are added after them when missing. */
  strategies: readonly StrategyName[];
  /** Positive integers, each a sweep budget b (see strategyBudget). */
  budgets: readonly number[];
  /** Policy names, unique. */
  policies: readonly string[];
}

/** The requested strategies, then any missing baseline. */
export function withBaselines(strategies: readonly StrategyName[]): StrategyName[] {
  return [...new Set([...strategies, ...SWEEP_BASELINES])];
}

/**
 * Every item of a sweep, policy by policy (so each policy is loaded once), then problem by problem (so a sweep
 * cut short has covered every strategy and budget on the problems it reached), then strategy and budget.
 * Greedy is budget-independent and appears once per problem and policy. Items are keyed by problem id, so the
 * problems must have distinct ids (a repeated id's second problem would be skipped as done and graded as the
 * first), and there must be some: an empty plan would "complete" at once and be saved having measured nothing.
 * Either is a SearchOptionError on field `problems`; loadProblemSet refuses both earlier, naming the line.
 */
export function planSweep(options: PlanSweepOptions): SweepItemSpec[] {
  if (options.problems.length === 0) throw new SearchOptionError("problems", "the sweep has no problems to run");
  const seen = new Set<string>();
  for (const { id } of options.problems) {
    if (seen.has(id)) throw new SearchOptionError("problems", `two problems have the id "${id}"; ids must be unique`);
    seen.add(id);
  }
  const budgets = [...new Set(options.budgets)].sort((a, b) => a - b);
  const items: SweepItemSpec[] = [];
  for (const policy of options.policies)
    for (const problem of options.problems)
      for (const strategy of withBaselines(options.strategies))
        for (const budget of strategy === "greedy" ? [null] : budgets)
          items.push({
            key: `${policy}|${problem.id}|${strategy}|${budget ?? "-"}`,
            problem,
            strategy,
            budget,
            policy,
          });
  return items;
}
