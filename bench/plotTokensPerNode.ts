import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** One bar: a strategy, what is counted, and tokens per tree node. */
export interface TokensPerNodeBar {
  strategy: string;
  series: string;
  tokensPerNode: number;
}

/**
 * Tokens evaluated per tree node, with and without KV reuse, beside the tree's own tokens per node (the floor an
 * engine that never evaluates a token twice would reach). Grouped bars, rendered to SVG the way plotScaling does:
 * Vega-Lite compiled to Vega, drawn by Vega's headless SVG renderer.
 */
export async function plotTokensPerNode(
  bars: readonly TokensPerNodeBar[],
  /** Series in legend and bar order; default, the order they first appear in. */
  seriesOrder: readonly string[] = [...new Set(bars.map((b) => b.series))],
): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Policy tokens evaluated per sampled step",
    width: 420,
    height: 300,
    background: "white",
    data: { values: bars.map((b) => ({ ...b, label: b.tokensPerNode.toFixed(1) })) },
    encoding: {
      x: { field: "strategy", type: "nominal", title: null, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: "series", type: "nominal", sort: [...seriesOrder] },
      y: {
        field: "tokensPerNode",
        type: "quantitative",
        title: "tokens evaluated per sampled step (tree node × merged samples)",
      },
      color: {
        field: "series",
        type: "nominal",
        scale: { domain: [...seriesOrder] },
        title: null,
        legend: { orient: "right", labelLimit: 220 },
      },
    },
    layer: [
      { mark: { type: "bar" } },
      { mark: { type: "text", dy: -6, fontSize: 10, color: "#333" }, encoding: { text: { field: "label" } } },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
