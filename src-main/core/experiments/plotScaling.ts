import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { SweepCell } from "./summarizeSweep.js";

/** Options of {@link plotScaling}. */
export interface PlotScalingOptions {
  /** Chart title. Default "Accuracy vs generated tokens". */
  title?: string;
  /** Plot area size in pixels. Default 560 × 360. */
  width?: number;
  height?: number;
}

/**
 * The test-time scaling plot as SVG: accuracy against mean generated tokens per problem (log scale), one curve
 * per strategy and policy, a point per budget (greedy is a single point). Rendered by Vega-Lite → Vega's
 * server-side SVG renderer, which needs no browser and no canvas (text widths are estimated).
 */
export async function plotScaling(cells: readonly SweepCell[], options: PlotScalingOptions = {}): Promise<string> {
  const policies = new Set(cells.map((c) => c.policy));
  const values = cells
    // A log axis has no place for 0: a cell that generated nothing (every item stopped at once) cannot be drawn.
    .filter((c) => c.meanSpent.generatedTokens > 0)
    .map((c) => ({
      series: policies.size > 1 ? `${c.strategy} · ${c.policy}` : c.strategy,
      budget: c.budget ?? 0,
      tokens: c.meanSpent.generatedTokens,
      accuracy: c.accuracy,
    }));
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title ?? "Accuracy vs generated tokens",
    width: options.width ?? 560,
    height: options.height ?? 360,
    background: "white",
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: {
        field: "tokens",
        type: "quantitative",
        scale: { type: "log" },
        title: "mean generated tokens per problem (log scale)",
      },
      y: {
        field: "accuracy",
        type: "quantitative",
        scale: { domain: [0, 1] },
        axis: { format: "%" },
        title: "accuracy",
      },
      color: { field: "series", type: "nominal", title: "strategy" },
      order: { field: "budget", type: "quantitative" },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
