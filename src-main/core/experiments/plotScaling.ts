import * as vega from "vega";
import { compile } from "vega-lite";
import { scalingSpec, type ScalingSpecOptions } from "./scalingSpec.js";
import type { SweepSummary } from "./summarizeSweep.js";

/**
 * The test-time scaling plot (scalingSpec, the same spec the Experiments view draws) as SVG. Rendered by
 * Vega-Lite → Vega's server-side SVG renderer, which needs no browser and no canvas (text widths are estimated).
 * Default x: generated tokens.
 */
export async function plotScaling(summary: SweepSummary, options: Partial<ScalingSpecOptions> = {}): Promise<string> {
  const spec = scalingSpec(summary, { x: "generated-tokens", ...options });
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
