import type { Spent } from "../search/BudgetCaps.js";

/** What the scaling plot's x axis can measure compute by: `mull sweep --x` and the Experiments view's select. */
export const SCALING_X = ["generated-tokens", "evaluated-tokens", "reward-calls", "wall-time"] as const;
export type ScalingX = (typeof SCALING_X)[number];

/** How each x choice reads a cell's mean spending, what the axis says, and its tick labels (a d3-format). */
export const SCALING_X_AXES: Record<
  ScalingX,
  { label: string; title: string; of: (spent: Spent) => number; format: string }
> = {
  "generated-tokens": {
    label: "generated tokens",
    title: "mean generated tokens per problem (log scale)",
    of: (s) => s.generatedTokens,
    format: "~s",
  },
  "evaluated-tokens": {
    label: "evaluated tokens",
    title: "mean PRM-evaluated tokens per problem (log scale)",
    of: (s) => s.evaluatedTokens,
    format: "~s",
  },
  "reward-calls": {
    label: "reward calls",
    title: "mean PRM calls per problem (log scale)",
    of: (s) => s.rewardCalls,
    format: "~s",
  },
  "wall-time": {
    label: "wall time",
    title: "mean wall time per problem, seconds (log scale)",
    of: (s) => s.ms / 1000,
    // d3's SI prefixes would write 0.2 s as "200m".
    format: "~g",
  },
};
