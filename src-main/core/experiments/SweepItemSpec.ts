import type { Problem } from "../domain/Problem.js";
import type { StrategyName } from "../search/StrategyName.js";

/** One unit of a sweep before it runs: a problem, a strategy at a budget, on a policy. */
export interface SweepItemSpec {
  /** `policy|problem id|strategy|budget`: what a resumed sweep matches completed items by. */
  key: string;
  problem: Problem;
  strategy: StrategyName;
  /** The sweep budget (see strategyBudget); null for greedy, which runs once per problem. */
  budget: number | null;
  /** The policy's name in the sweep configuration. */
  policy: string;
}
