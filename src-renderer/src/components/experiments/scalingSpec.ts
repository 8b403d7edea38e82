import { scalingSpec, type ScalingX, type SweepSummary } from "../../../../src-main/api/wireTypes.js";

/** Panel width in pixels when the plot has nowhere measured to go yet. */
const FALLBACK_WIDTH = 720;
/** Room for the legend beside the panels, and between two panels. */
const LEGEND = 230;
const GAP = 40;

/**
 * The Experiments view's scaling plot: core's spec (the same as the CLI's scaling.svg) in the page's colours,
 * with panels sized to fill `width` pixels, two to a row (one when the view is narrow).
 */
export function themedScalingSpec(
  summary: SweepSummary,
  x: ScalingX,
  dark: boolean,
  width: number,
): Record<string, unknown> {
  const available = width > 0 ? width : FALLBACK_WIDTH;
  const columns = available - LEGEND >= 2 * 300 + GAP ? 2 : 1;
  const panelWidth = Math.max(220, Math.floor((available - LEGEND - (columns - 1) * GAP - 60) / columns));
  return scalingSpec(summary, {
    x,
    columns,
    panelWidth,
    panelHeight: 220,
    theme: dark
      ? { text: "#e6edf3", grid: "#3d444d", background: "transparent" }
      : { text: "#1f2328", grid: "#d1d9e0", background: "transparent" },
  }) as unknown as Record<string, unknown>;
}
