import type { TopLevelSpec } from "vega-lite";
import { axisDomain, logTicks } from "./axisDomain.js";
import { scalingCaption } from "./scalingCaption.js";
import { SCALING_X_AXES, type ScalingX } from "./scalingX.js";
import type { SweepCell, SweepSummary } from "./summarizeSweep.js";
import { wilsonInterval } from "./wilsonInterval.js";

/** One mark's datum in the scaling plot. */
export interface ScalingDatum {
  /** The facet: all problems, or one difficulty level. */
  panel: string;
  /** A strategy's curve point, a pass@N point, or a policy's greedy accuracy (a horizontal line). */
  kind: "strategy" | "pass@N" | "greedy";
  /** Colour and legend entry: the strategy (with the policy when there are several), `pass@N`, `greedy`. */
  series: string;
  budget: number | null;
  /** Compute on the chosen x; null for greedy, drawn across the whole axis. */
  x: number | null;
  /** A share in [0, 1] with its 95% interval. */
  accuracy: number;
  low: number;
  high: number;
  items: number;
  /** The greedy line's label, e.g. `greedy 61.9%`. */
  label: string;
}

/** The plot's data and what it leaves out, from {@link scalingData}. */
export interface ScalingData {
  rows: ScalingDatum[];
  /** Panel names in the order drawn: `all problems` first, then each difficulty level. */
  panels: string[];
  /** The fitted x domain, undefined when no point can be drawn. */
  domain: [number, number] | undefined;
  /** Lines for the caption about what could not be drawn (a series with no compute on a log axis). */
  notes: string[];
}

/** The pass@N series' legend name. */
export const PASS_AT_N_SERIES = "pass@N (any sample right)";

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The cells of one panel as rows: greedy lines, strategy points, and the pass@N of best-of-n's samples. */
function panelRows(panel: string, cells: readonly SweepCell[], x: ScalingX, manyPolicies: boolean): ScalingDatum[] {
  const rows: ScalingDatum[] = [];
  const of = SCALING_X_AXES[x].of;
  const named = (name: string, policy: string) => (manyPolicies ? `${name} · ${policy}` : name);
  // pass@N from best-of-n's N independent samples; self-consistency draws the same samples where best-of-n is absent.
  const ceilingOf = (policy: string) =>
    ["best-of-n", "self-consistency"].find((s) =>
      cells.some((c) => c.policy === policy && c.strategy === s && c.passAtN),
    );
  for (const cell of cells) {
    const interval = cell.interval ?? wilsonInterval(cell.correct, cell.items);
    const base = { panel, budget: cell.budget, items: cell.items, accuracy: cell.accuracy, ...interval };
    if (cell.strategy === "greedy") {
      const series = named("greedy", cell.policy);
      rows.push({ ...base, kind: "greedy", series, x: null, label: `${series} ${pct(cell.accuracy)}` });
      continue;
    }
    rows.push({
      ...base,
      kind: "strategy",
      series: named(cell.strategy, cell.policy),
      x: of(cell.meanSpent),
      label: "",
    });
    if (cell.passAtN && cell.strategy === ceilingOf(cell.policy))
      rows.push({
        ...base,
        kind: "pass@N",
        series: named(PASS_AT_N_SERIES, cell.policy),
        x: of(cell.meanSpent),
        accuracy: cell.passAtN.rate,
        ...cell.passAtN.interval,
        items: cell.passAtN.items,
        label: "",
      });
  }
  return rows;
}

/**
 * The scaling plot's data: a panel for all problems, then one per difficulty level (the compute-optimal strategy
 * can differ by difficulty: Snell et al. 2024, "Scaling LLM Test-Time Compute Optimally can be More Effective than
 * Scaling Model Parameters", §3 and §5), each with every strategy's points, pass@N and the greedy lines; the x
 * domain fitted to the points. Points with no compute on x (self-consistency's reward calls) are left out, since
 * a log axis has no 0, and said so in `notes`.
 */
export function scalingData(summary: SweepSummary, x: ScalingX): ScalingData {
  const manyPolicies = new Set(summary.cells.map((c) => c.policy)).size > 1;
  const problems = summary.setting?.problems;
  const count = (n: number) => `${n} problem${n === 1 ? "" : "s"}`;
  const all = problems === undefined ? "all problems" : problems === 1 ? "1 problem" : `all ${count(problems)}`;
  const groups = [
    { panel: all, cells: summary.cells },
    ...(summary.byDifficulty ?? []).map((g) => ({
      panel: `difficulty ${g.difficulty} (${count(g.problems)})`,
      cells: g.cells,
    })),
  ];
  const everything = groups.flatMap((g) => panelRows(g.panel, g.cells, x, manyPolicies));
  const hidden = new Set<string>();
  const rows = everything.filter((r) => {
    const drawable = r.x === null || r.x > 0;
    if (!drawable) hidden.add(r.series);
    return drawable;
  });
  const notes: string[] = [];
  if (hidden.size > 0)
    notes.push(`not drawn (no ${SCALING_X_AXES[x].label} spent, no place on a log axis): ${[...hidden].join(", ")}`);
  if (!rows.some((r) => r.kind === "greedy")) notes.push("no greedy line: greedy was not among the sweep's strategies");
  if (!rows.some((r) => r.kind === "pass@N"))
    notes.push("no pass@N line: the sweep's trees were not checked (kept only in the run store that ran it)");
  const xs = rows.flatMap((r) => (r.x === null ? [] : [r.x]));
  return { rows, panels: groups.map((g) => g.panel), domain: axisDomain(xs, true), notes };
}

/** Colours and size of {@link scalingSpec}'s plot. */
export interface ScalingSpecOptions {
  x: ScalingX;
  /** One panel's plot area in pixels. Default 380 × 240. */
  panelWidth?: number;
  panelHeight?: number;
  /** Panels per row. Default 2. */
  columns?: number;
  /** Text, grid and background colours. Default dark text on white (the CLI's SVG). */
  theme?: { text: string; grid: string; background: string };
}

/**
 * The test-time scaling plot as a Vega-Lite spec, built once for the CLI's scaling.svg (plotScaling), the
 * Experiments view and docs/scaling.md: accuracy against mean compute per problem on a log x axis fitted to the
 * data, one line per strategy with a 95% Wilson interval on every point, pass@N of best-of-n's samples as a dashed
 * upper line (the ceiling of any selection among them), each policy's greedy accuracy as a dashed horizontal line
 * in a band of its interval, a panel per difficulty level, and the setting in the caption.
 */
export function scalingSpec(summary: SweepSummary, options: ScalingSpecOptions): TopLevelSpec {
  const { x } = options;
  const data = scalingData(summary, x);
  const theme = options.theme ?? { text: "#1f2328", grid: "#d1d9e0", background: "white" };
  const axis = SCALING_X_AXES[x];
  const xEncoding = {
    field: "x",
    type: "quantitative" as const,
    scale: { type: "log" as const, nice: false, ...(data.domain && { domain: data.domain }) },
    axis: { title: axis.title, format: axis.format, ...(data.domain && { values: logTicks(data.domain) }) },
  };
  const yEncoding = {
    field: "accuracy",
    type: "quantitative" as const,
    scale: { domain: [0, 1] },
    axis: { format: "%", title: "accuracy" },
  };
  // Lines in the legend, full strength: the greedy band's faint fill would otherwise set the symbols' look.
  const color = {
    field: "series",
    type: "nominal" as const,
    title: "series",
    legend: { symbolType: "stroke", symbolStrokeWidth: 2.5, symbolOpacity: 1, labelLimit: 320 },
    // Ten colours repeat past ten series (two policies × six strategies): twenty, paired light and dark, then.
    scale: { scheme: new Set(data.rows.map((r) => r.series)).size > 10 ? "tableau20" : "tableau10" },
  };
  const notGreedy = { filter: "datum.kind !== 'greedy'" };
  const greedy = { filter: "datum.kind === 'greedy'" };
  const tooltip = [
    { field: "series", type: "nominal" as const },
    { field: "panel", type: "nominal" as const },
    { field: "budget", type: "quantitative" as const },
    { field: "x", type: "quantitative" as const, title: axis.label, format: ".3~s" },
    { field: "accuracy", type: "quantitative" as const, format: ".1%" },
    { field: "low", type: "quantitative" as const, title: "95% low", format: ".1%" },
    { field: "high", type: "quantitative" as const, title: "95% high", format: ".1%" },
    { field: "items", type: "quantitative" as const, title: "problems" },
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Accuracy vs ${axis.label}`,
      subtitle: scalingCaption(summary.setting, data.notes),
      anchor: "start",
      color: theme.text,
      subtitleColor: theme.text,
    },
    background: theme.background,
    data: { values: data.rows },
    facet: {
      field: "panel",
      type: "nominal",
      sort: data.panels,
      title: null,
      header: { labelColor: theme.text, labelFontSize: 12, labelFontWeight: "bold" },
    },
    columns: Math.min(options.columns ?? 2, data.panels.length),
    spec: {
      width: options.panelWidth ?? 380,
      height: options.panelHeight ?? 240,
      layer: [
        {
          name: "greedy_band",
          transform: [greedy],
          mark: { type: "rect", opacity: 0.12 },
          encoding: { y: { ...yEncoding, field: "low" }, y2: { field: "high" }, color },
        },
        {
          name: "greedy_line",
          transform: [greedy],
          mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: { y: yEncoding, color, tooltip },
        },
        {
          name: "greedy_label",
          transform: [greedy],
          // Above the line, or under it near 100% so the label stays inside the panel.
          mark: {
            type: "text",
            align: "left",
            baseline: { expr: "datum.accuracy > 0.9 ? 'top' : 'bottom'" },
            dy: { expr: "datum.accuracy > 0.9 ? 2 : -2" },
            dx: 4,
            fontSize: 10,
          },
          // In the text colour: a light series colour on its own band would not read.
          encoding: { x: { value: 0 }, y: yEncoding, text: { field: "label" }, color: { value: theme.text } },
        },
        {
          name: "intervals",
          transform: [notGreedy],
          mark: { type: "errorbar", ticks: true },
          encoding: { x: xEncoding, y: { ...yEncoding, field: "low" }, y2: { field: "high" }, color },
        },
        {
          name: "curves",
          transform: [notGreedy],
          mark: { type: "line", point: { size: 40 }, strokeWidth: 2 },
          encoding: {
            x: xEncoding,
            y: yEncoding,
            color,
            detail: { field: "series" },
            // pass@N dashed; its legend entry under `series` names it, so the dashes need no legend of their own.
            strokeDash: {
              field: "kind",
              type: "nominal",
              scale: {
                domain: ["strategy", "pass@N"],
                range: [
                  [1, 0],
                  [5, 3],
                ],
              },
              legend: null,
            },
            order: { field: "x", type: "quantitative" },
            tooltip,
          },
        },
      ],
    },
    resolve: { scale: { x: "shared", y: "shared" } },
    config: {
      axis: {
        labelColor: theme.text,
        titleColor: theme.text,
        gridColor: theme.grid,
        domainColor: theme.grid,
        tickColor: theme.grid,
      },
      legend: { labelColor: theme.text, titleColor: theme.text, labelLimit: 260 },
      view: { stroke: theme.grid },
      title: { subtitleFontSize: 11, fontSize: 14 },
    },
  };
}
