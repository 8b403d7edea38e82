/** The app's views, in tab order. */
export const VIEW_NAMES = [
  "solve",
  "compare",
  "chat",
  "memory",
  "prove",
  "experiments",
  "models",
  "resources",
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * What the address says: the view, and the run open in it (Experiments' past run, or Solve's, Compare's or Prove's
 * run, live or finished). It lives in the URL's hash (`#/experiments/run/12`, `#/solve/run/12`), so a reload or a bookmark brings it back, back and forward move through it, and it
 * works the same in Electron (a file URL) and in browser mode, whose `?token=…` sits in the query, untouched.
 */
export interface AppRoute {
  view: ViewName;
  /** The run open in Experiments, Solve, Compare or Prove; null when none (always null in other views). */
  runId: number | null;
}

/** Where the app starts: the Solve view. */
export const HOME: AppRoute = { view: "solve", runId: null };

/** Views whose address names the run open in them. */
const RUN_VIEWS: readonly ViewName[] = ["solve", "compare", "prove", "experiments"];

/**
 * The route a hash names (`#/experiments/run/12`, `#/solve/run/3`, `#/compare`, with or without the `#` and the leading `/`).
 * Anything it does not know (an old bookmark, a typo) is the Solve view, never an error; a run id that is not a
 * positive integer is dropped.
 */
export function parseRoute(hash: string): AppRoute {
  const parts = hash.replace(/^#/, "").split("/").filter(Boolean);
  const view = VIEW_NAMES.find((v) => v === parts[0]);
  if (!view) return HOME;
  const id = parts[1] === "run" && /^[1-9]\d{0,15}$/.test(parts[2] ?? "") ? Number(parts[2]) : null;
  return { view, runId: RUN_VIEWS.includes(view) ? id : null };
}

/**
 * The hash for a route: `#/solve`, `#/solve/run/3`, `#/compare/run/5`, `#/prove/run/4`, `#/experiments`,
 * `#/experiments/run/12`.
 */
export function formatRoute(route: AppRoute): string {
  return RUN_VIEWS.includes(route.view) && route.runId !== null
    ? `#/${route.view}/run/${route.runId}`
    : `#/${route.view}`;
}
