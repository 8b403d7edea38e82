import type { SweepSummary } from "../../../../src-main/api/wireTypes.js";

/** One point of the scaling plot. */
export interface ScalingPoint {
  /** `strategy × policy`: one curve each. */
  series: string;
  strategy: string;
  policy: string;
  budget: number | null;
  tokens: number;
  accuracy: number;
  items: number;
}

/** The summary's cells as plot points: accuracy against mean generated tokens. Greedy (no budget) is a baseline. */
export function scalingPoints(summary: SweepSummary): ScalingPoint[] {
  return summary.cells.map((cell) => ({
    series: `${cell.strategy} × ${cell.policy}`,
    strategy: cell.strategy,
    policy: cell.policy,
    budget: cell.budget,
    tokens: cell.meanSpent.generatedTokens,
    accuracy: cell.accuracy,
    items: cell.items,
  }));
}

/** A Vega-Lite spec: one line with points per strategy × policy, log-scaled compute on x. */
export function scalingSpec(points: ScalingPoint[], dark: boolean): Record<string, unknown> {
  const text = dark ? "#e6edf3" : "#1f2328";
  const grid = dark ? "#3d444d" : "#d1d9e0";
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container",
    height: 300,
    background: "transparent",
    data: { values: points },
    mark: { type: "line", point: { size: 60 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: "tokens",
        type: "quantitative",
        scale: { type: "log" },
        title: "mean generated tokens per problem (log)",
      },
      y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] }, title: "accuracy" },
      color: { field: "series", type: "nominal", title: "strategy × policy" },
      // Strategies that spend alike draw on top of each other: a shape per strategy keeps each visible.
      shape: { field: "strategy", type: "nominal", title: "strategy" },
      order: { field: "tokens", type: "quantitative" },
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "budget", type: "quantitative" },
        { field: "tokens", type: "quantitative", format: ".0f" },
        { field: "accuracy", type: "quantitative", format: ".2f" },
        { field: "items", type: "quantitative" },
      ],
    },
    config: {
      axis: { labelColor: text, titleColor: text, gridColor: grid, domainColor: grid, tickColor: grid },
      legend: { labelColor: text, titleColor: text, labelLimit: 260 },
      view: { stroke: grid },
    },
  };
}
